package dev.siren.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming sessions under /v1/sessions:
 * POST /v1/sessions {"prompt"?} opens one; POST /v1/sessions/{id}/chunks {"text", "threshold"?} appends a chunk
 * and answers the score of everything so far; DELETE /v1/sessions/{id} closes it.
 */
final class SessionRoutes {

    private static final Pattern SESSION_PATH = Pattern.compile("^/v1/sessions/([^/]+)(/chunks)?/?$");

    private final ServerConfig config;
    private final SessionRegistry sessions;
    private final double defaultThreshold;

    SessionRoutes(ServerConfig config, SessionRegistry sessions, double defaultThreshold) {
        this.config = config;
        this.sessions = sessions;
        this.defaultThreshold = defaultThreshold;
    }

    Reply handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/sessions") || path.equals("/v1/sessions/")) {
            Endpoint.requireMethod(exchange, "POST");
            return open(exchange);
        }
        Matcher m = SESSION_PATH.matcher(path);
        if (!m.matches()) {
            throw ApiException.notFound("unknown_route", null, "No route " + path + ".");
        }
        String id = m.group(1);
        if (m.group(2) != null) {
            Endpoint.requireMethod(exchange, "POST");
            return append(exchange, id);
        }
        Endpoint.requireMethod(exchange, "DELETE");
        sessions.closeOrFail(id);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "stream_session");
        json.put("deleted", true);
        return Reply.ok(json);
    }

    private Reply open(HttpExchange exchange) throws IOException {
        ObjectNode body = RequestBody.readOptionalObject(exchange, config.maxBodyBytes());
        String prompt = JsonFields.optionalText(body, "prompt", config.maxTextChars());
        String id = sessions.open(ClientId.of(exchange), prompt);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "stream_session");
        json.put("idle_timeout_seconds", config.sessionIdleTimeout().toSeconds());
        json.put("max_tokens", config.maxSessionTokens());
        return Reply.json(201, json);
    }

    private Reply append(HttpExchange exchange, String id) throws IOException {
        ObjectNode body = RequestBody.readObject(exchange, config.maxBodyBytes());
        String text = JsonFields.requiredText(body, "text", config.maxTextChars());
        double threshold = JsonFields.optionalThreshold(body, defaultThreshold);
        SessionRegistry.Appended appended = sessions.append(ClientId.of(exchange), id, text, threshold);
        Map<String, Object> json = ScoringRoutes.scoreJson(appended.result());
        json.put("tokens", appended.tokens());
        return Reply.ok(json);
    }
}
