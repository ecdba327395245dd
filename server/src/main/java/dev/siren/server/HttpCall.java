package dev.siren.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request as the routes see it: method, path, headers, a body read within a deadline, the caller's identity
 * and request id, response headers to add, and what the access log should say about the work done.
 */
final class HttpCall {

    private final Request request;
    private final Response response;
    private final String requestId;
    private final Scheduler timer;
    private final Duration bodyTimeout;
    private String client;
    private int texts;
    private long chars;
    private int tokens = -1;
    private String scoredText;
    private boolean bodyRead;

    HttpCall(Request request, Response response, String requestId, Scheduler timer, Duration bodyTimeout) {
        this.request = request;
        this.response = response;
        this.requestId = requestId;
        this.timer = timer;
        this.bodyTimeout = bodyTimeout;
        this.client = remoteAddress();
    }

    String method() {
        return request.getMethod();
    }

    /** The decoded path, without the query. */
    String path() {
        String path = request.getHttpURI().getDecodedPath();
        return path == null ? "/" : path;
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    String requestId() {
        return requestId;
    }

    /** Who is calling: the API key's id when the request was authenticated with one, else the remote address. */
    String client() {
        return client;
    }

    void authenticatedAs(String keyId) {
        this.client = keyId;
    }

    String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /**
     * Reads up to {@code limit} bytes of the body. A body that has not arrived in full within the body timeout fails
     * the read (a client that stops sending mid-body must not hold a thread and a connection forever).
     */
    byte[] readBody(int limit) throws IOException {
        bodyRead = true;
        AtomicBoolean expired = new AtomicBoolean();
        Scheduler.Task deadline = timer.schedule(() -> {
            expired.set(true);
            request.fail(new TimeoutException("request body not received within " + bodyTimeout.toMillis() + " ms"));
        }, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try (InputStream in = Request.asInputStream(request)) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            if (expired.get()) {
                throw new BodyTimeoutException(e);
            }
            throw e;
        } finally {
            deadline.cancel();
        }
    }

    /**
     * True when the request carries a body that no route read (a 404, 401 or 429 answered before reading it). Jetty
     * may then close the connection after the answer, and a client that reuses it would find it dead: such answers
     * say {@code Connection: close} instead.
     */
    boolean leftBodyUnread() {
        return !bodyRead && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    /** The body did not arrive within the body timeout. */
    static final class BodyTimeoutException extends IOException {
        BodyTimeoutException(Throwable cause) {
            super("request body timed out", cause);
        }
    }

    /** Notes the work this request asked for, for the access log; the text itself is logged only with --log-text. */
    void noteScored(int count, long totalChars, String text) {
        texts += count;
        chars += totalChars;
        scoredText = text;
    }

    void noteTokens(int count) {
        tokens = count;
    }

    int texts() {
        return texts;
    }

    long chars() {
        return chars;
    }

    int tokens() {
        return tokens;
    }

    String scoredText() {
        return scoredText;
    }
}
