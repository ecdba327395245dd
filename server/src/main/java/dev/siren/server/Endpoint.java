package dev.siren.server;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A route's logic, and the error answers every route shares (OpenAI's error shape). */
final class Endpoint {

    /** The route's logic: from a request to a reply. */
    @FunctionalInterface
    interface Handler {
        Reply handle(HttpCall call) throws IOException;
    }

    private Endpoint() {
    }

    static Reply error(ApiException e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", e.getMessage());
        detail.put("type", e.type());
        detail.put("param", e.param());
        detail.put("code", e.code());
        return Reply.json(e.status(), Map.of("error", detail));
    }

    /** Fails with 405 unless the request uses {@code method}. */
    static void requireMethod(HttpCall call, String method) {
        if (!call.method().equalsIgnoreCase(method)) {
            call.setHeader("Allow", method);
            throw new ApiException(405, "invalid_request_error", "method_not_allowed", null,
                    call.method() + " is not allowed on " + call.path() + "; use " + method + ".");
        }
    }
}
