package dev.siren.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.guard.TokenLimitException;

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
    /** The most tokens a session may really hold: the service's cap or the guard's, whichever is lower. */
    private final int maxTokens;

    SessionRoutes(ServerConfig config, SessionRegistry sessions, double defaultThreshold, int guardMaxTokens) {
        this.config = config;
        this.sessions = sessions;
        this.defaultThreshold = defaultThreshold;
        this.maxTokens = Math.min(config.maxSessionTokens(), guardMaxTokens);
    }

    Reply handle(HttpCall call) throws IOException {
        String path = call.path();
        if (path.equals("/v1/sessions") || path.equals("/v1/sessions/")) {
            Endpoint.requireMethod(call, "POST");
            return open(call);
        }
        Matcher m = SESSION_PATH.matcher(path);
        if (!m.matches()) {
            throw ApiException.notFound("unknown_route", null, "No route " + path + ".");
        }
        String id = m.group(1);
        if (m.group(2) != null) {
            Endpoint.requireMethod(call, "POST");
            return append(call, id);
        }
        Endpoint.requireMethod(call, "DELETE");
        sessions.closeOrFail(id);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "stream_session");
        json.put("deleted", true);
        return Reply.ok(json);
    }

    private Reply open(HttpCall call) throws IOException {
        ObjectNode body = RequestBody.readOptionalObject(call, config.maxBodyBytes());
        String prompt = RequestFields.optionalText(body, "prompt", config.maxTextChars());
        String id;
        try {
            id = sessions.open(call.client(), prompt);
        } catch (TokenLimitException e) {
            throw ApiException.tooLarge("session_token_limit", "prompt",
                    "The prompt alone has more than the " + e.limit() + " tokens a session of this guard can hold.");
        }
        if (prompt != null) {
            call.noteScored(0, prompt.length(), prompt);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "stream_session");
        json.put("idle_timeout_seconds", config.sessionIdleTimeout().toSeconds());
        json.put("max_tokens", maxTokens);
        return Reply.json(201, json);
    }

    private Reply append(HttpCall call, String id) throws IOException {
        ObjectNode body = RequestBody.readObject(call, config.maxBodyBytes());
        String text = RequestFields.requiredText(body, "text", config.maxTextChars());
        double threshold = RequestFields.optionalThreshold(body, defaultThreshold);
        SessionRegistry.Appended appended = sessions.append(call.client(), id, text, threshold);
        call.noteScored(1, text.length(), text);
        call.noteTokens(appended.tokens());
        Map<String, Object> json = ScoringRoutes.scoreJson(appended.result());
        json.put("tokens", appended.tokens());
        return Reply.ok(json);
    }
}
