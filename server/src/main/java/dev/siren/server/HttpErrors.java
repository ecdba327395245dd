package dev.siren.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Answers what the HTTP layer refuses before a route runs (malformed request line or headers, a bad Content-Length
 * or chunk size, headers or URL over the limit) in OpenAI's error shape, never as an HTML page naming Java classes.
 */
final class HttpErrors implements Request.Handler {

    /** Jetty's reasons are short phrases like "Invalid Content-Length Value"; anything else is not shown. */
    private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 ,:;'()/_-]{1,120}");

    private final int maxHeaderBytes;
    private final Metrics metrics;
    private final AccessLog accessLog;

    HttpErrors(int maxHeaderBytes, Metrics metrics, AccessLog accessLog) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : 500;
        Object reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        ApiException error = describe(status, reason instanceof String r ? r : null);
        Reply reply = Endpoint.error(error);
        response.setStatus(status);
        String requestId = ServiceHandler.requestId(null);
        response.getHeaders().put("X-Request-Id", requestId);
        response.getHeaders().put("Content-Type", reply.contentType() + "; charset=utf-8");
        response.getHeaders().put("Connection", "close"); // after a malformed request the stream cannot be trusted
        metrics.recordRequest("http", status, 0);
        accessLog.refused(requestId, Request.getRemoteAddr(request), status);
        response.write(true, ByteBuffer.wrap(reply.body().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private ApiException describe(int status, String reason) {
        return switch (status) {
            case 414 -> new ApiException(414, "invalid_request_error", "url_too_long", null,
                    "The request line is longer than the limit of " + maxHeaderBytes + " bytes.");
            case 431 -> new ApiException(431, "invalid_request_error", "headers_too_large", null,
                    "The request headers are larger than the limit of " + maxHeaderBytes + " bytes.");
            case 413 -> ApiException.tooLarge("body_too_large", null, "The request body is too large.");
            case 408 -> new ApiException(408, "invalid_request_error", "request_timeout", null,
                    "The request did not arrive in time.");
            default -> status >= 500
                    ? new ApiException(status, "server_error", "internal_error", null, "The service failed to handle this request.")
                    : new ApiException(status, "invalid_request_error", "invalid_http", null,
                            "The request is not valid HTTP/1.1" + (isPlain(reason) ? ": " + reason + "." : "."));
        };
    }

    private static boolean isPlain(String reason) {
        return reason != null && PLAIN_REASON.matcher(reason).matches() && !reason.contains("Exception");
    }
}
