package dev.siren.server;

/**
 * A request that ends in an error answer, rendered in OpenAI's error shape
 * {@code {"error": {"message", "type", "param", "code"}}}. User mistakes are 4xx; the 5xx ones say the service,
 * not the caller, is at fault (overloaded, timed out, shutting down).
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public ApiException(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400: the request is malformed or a field has the wrong type or value. */
    public static ApiException invalid(String code, String param, String message) {
        return new ApiException(400, "invalid_request_error", code, param, message);
    }

    public static ApiException notFound(String code, String param, String message) {
        return new ApiException(404, "invalid_request_error", code, param, message);
    }

    public static ApiException tooLarge(String code, String param, String message) {
        return new ApiException(413, "invalid_request_error", code, param, message);
    }

    /** 429: answered at once when the service is saturated, so the caller can back off or go elsewhere. */
    public static ApiException overloaded(String code, String message) {
        return new ApiException(429, "rate_limit_error", code, null, message);
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, "server_error", code, null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
