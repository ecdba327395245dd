package dev.siren.server;

/** What an endpoint answers: a status and a JSON or plain-text body. */
record Reply(int status, String contentType, String body) {

    static Reply json(int status, Object value) {
        return new Reply(status, "application/json", Json.write(value));
    }

    static Reply ok(Object value) {
        return json(200, value);
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body);
    }
}
