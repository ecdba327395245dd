package dev.siren.server;

import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys, the Host allow-list, the CORS policy, request ids, the access log and the operations port. */
class AccessControlTest {

    private static final String KEY = "sk-siren-test-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(int port, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(HttpResponse<String> response) {
        return new TestClient.Answer(response.statusCode(), response.body(), "").error().get("code").asText();
    }

    @Test
    void scoringNeedsAValidKeyWhenKeysAreConfigured() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).apiKeys(ApiKeys.parse("# ops\n" + KEY + "\n", "test")).build();
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), config)) {
            HttpResponse<String> none = send(server.port(), "POST", "/v1/score", "{\"prompt\":\"hi\"}");
            assertEquals(401, none.statusCode(), none.body());
            assertEquals("invalid_api_key", errorCode(none));
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            HttpResponse<String> wrong = send(server.port(), "POST", "/v1/score", "{\"prompt\":\"hi\"}",
                    "Authorization", "Bearer sk-siren-test-0123456789abcdeX");
            assertEquals(401, wrong.statusCode(), wrong.body());
            HttpResponse<String> good = send(server.port(), "POST", "/v1/moderations", "{\"input\":\"a bomb\"}",
                    "Authorization", "Bearer " + KEY);
            assertEquals(200, good.statusCode(), good.body());
            assertEquals(401, send(server.port(), "GET", "/metrics", null).statusCode(), "metrics are not public");
            assertEquals(200, send(server.port(), "GET", "/health", null).statusCode(), "probes need no key");
        }
    }

    @Test
    void keysAreCheckedWhenRead() {
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("short\n", "keys.txt"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("# only a comment\n\n", "keys.txt"));
    }

    @Test
    void bindingBeyondLoopbackWithoutKeysIsRefusedUnlessAllowed() throws Exception {
        ServerConfig open = ServerConfig.builder().host("0.0.0.0").port(0).build();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SirenServer.start(KeywordGuard.standard(), open));
        assertTrue(refused.getMessage().contains("--api-keys"), refused.getMessage());
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(),
                ServerConfig.builder().host("0.0.0.0").port(0).allowUnauthenticated(true).build())) {
            assertEquals(200, send(server.port(), "GET", "/health", null).statusCode());
        }
    }

    @Test
    void aForeignHostOrOriginIsRefusedAndAnAllowedOriginGetsCorsHeaders() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).corsOrigins(List.of("https://app.example")).build();
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), config)) {
            int port = server.port();
            TestClient.Answer ok = new TestClient(port).post("/v1/score", "{\"prompt\":\"hi\"}");
            assertEquals(200, ok.status(), "loopback by IP: " + ok.body());
            // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own name as Host
            try (RawHttp raw = new RawHttp(port)) { // HttpClient always sends the URI's host, so a raw socket
                RawHttp.Outcome rebound = raw.send("POST /v1/score HTTP/1.1\r\nHost: evil.example:" + port
                        + "\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"prompt\":\"hi\"}").awaitClose();
                assertEquals(403, rebound.status(), rebound.response());
                assertTrue(rebound.body().contains("\"code\":\"host_not_allowed\""), rebound.body());
            }

            HttpResponse<String> foreign = send(port, "POST", "/v1/score", "{\"prompt\":\"hi\"}", "Origin", "https://evil.example");
            assertEquals(403, foreign.statusCode(), foreign.body());
            assertEquals("origin_not_allowed", errorCode(foreign));
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

            HttpResponse<String> preflight = send(port, "OPTIONS", "/v1/score", null, "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST");
            assertEquals(204, preflight.statusCode(), preflight.body());
            assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> allowed = send(port, "POST", "/v1/score", "{\"prompt\":\"hi\"}", "Origin", "https://app.example");
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("https://app.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    @Test
    void everyAnswerHasARequestIdAndOneAccessLogLineWithoutTheText() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger(AccessLog.NAME);
        access.addHandler(capture);
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).build())) {
            HttpResponse<String> echoed = send(server.port(), "POST", "/v1/score", "{\"prompt\":\"secret words\"}",
                    "X-Request-Id", "trace-42");
            assertEquals("trace-42", echoed.headers().firstValue("X-Request-Id").orElse(""));
            HttpResponse<String> generated = send(server.port(), "GET", "/nowhere", null, "X-Request-Id", "bad id with spaces");
            String id = generated.headers().firstValue("X-Request-Id").orElse("");
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
        } finally {
            access.removeHandler(capture);
        }
        String line = lines.stream().filter(l -> l.contains("id=trace-42")).findFirst().orElseThrow();
        assertTrue(line.contains("client=127.0.0.1") && line.contains("route=/v1/score") && line.contains("status=200")
                && line.contains("texts=1 chars=12"), line);
        assertFalse(lines.stream().anyMatch(l -> l.contains("secret")), "the text is not logged by default: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("route=/ ") && l.contains("status=404")), lines.toString());
    }

    @Test
    void operationsRoutesCanLiveOnTheirOwnPort() throws Exception {
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).adminPort(0).build())) {
            assertTrue(server.adminPort() > 0 && server.adminPort() != server.port());
            HttpResponse<String> metrics = send(server.adminPort(), "GET", "/metrics", null);
            assertEquals(200, metrics.statusCode());
            for (String figure : List.of("jvm_heap_used_bytes", "jvm_gc_collections_total", "jvm_threads", "siren_open_connections")) {
                assertTrue(metrics.body().contains(figure), figure);
            }
            assertEquals(404, send(server.port(), "GET", "/metrics", null).statusCode());
            assertEquals(404, send(server.adminPort(), "POST", "/v1/score", "{\"prompt\":\"hi\"}").statusCode());
            assertEquals(200, send(server.port(), "POST", "/v1/score", "{\"prompt\":\"hi\"}").statusCode());
        }
    }
}
