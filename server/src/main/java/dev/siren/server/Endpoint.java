package dev.siren.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one route: turns {@link ApiException}s into OpenAI-shaped error bodies, any other exception into a 500
 * (a bug in the service, logged), and records the request in the metrics under the route's fixed name.
 */
final class Endpoint implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Endpoint.class.getName());

    /** The route's logic: from an exchange to a reply. */
    @FunctionalInterface
    interface Handler {
        Reply handle(HttpExchange exchange) throws IOException;
    }

    private final String route;
    private final Handler handler;
    private final Metrics metrics;

    Endpoint(String route, Metrics metrics, Handler handler) {
        this.route = route;
        this.handler = handler;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = handler.handle(exchange);
        } catch (ApiException e) {
            reply = error(e);
            if (e.status() == 429 || e.status() == 503) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
        } catch (IOException e) {
            // The client went away or sent a broken stream; nothing useful can be written back.
            LOG.log(Level.FINE, "I/O error on " + route, e);
            metrics.recordRequest(route, 499, (System.nanoTime() - start) / 1e9);
            exchange.close();
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure on " + route, e);
            reply = error(new ApiException(500, "server_error", "internal_error", null,
                    "The service failed to handle this request; see its log."));
        }
        try {
            send(exchange, reply);
        } finally {
            metrics.recordRequest(route, reply.status(), (System.nanoTime() - start) / 1e9);
        }
    }

    static Reply error(ApiException e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", e.getMessage());
        detail.put("type", e.type());
        detail.put("param", e.param());
        detail.put("code", e.code());
        return Reply.json(e.status(), Map.of("error", detail));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType() + "; charset=utf-8");
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            // An unread request body (e.g. one over the limit) is left to the JDK server: it drains a little
            // and closes the connection if more remains, so a huge upload is never read in full.
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            out.write(body);
        }
    }

    /** Fails with 405 unless the request uses {@code method}. */
    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiException(405, "invalid_request_error", "method_not_allowed", null,
                    exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestURI().getPath()
                            + "; use " + method + ".");
        }
    }
}
