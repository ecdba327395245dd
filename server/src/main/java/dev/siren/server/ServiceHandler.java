package dev.siren.server;

import dev.siren.guard.ScoringException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Every request's way through the service: request id, Host and Origin checks, API key, the route, then the answer
 * (errors in OpenAI's shape), the metrics and one access-log line. Runs on a virtual thread per request.
 */
final class ServiceHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(ServiceHandler.class.getName());
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");
    /** Name of the connector that serves only /health, /ready and /metrics. */
    static final String ADMIN_CONNECTOR = "admin";

    /** A route: its fixed name (the metrics label), whether it is an operations route, and its logic. */
    record Route(String name, boolean admin, Endpoint.Handler handler) {
    }

    private final ServerConfig config;
    private final Function<String, Route> router;
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final GuardProbe probe;
    private final Scheduler timer;
    private final List<String> allowedHosts;
    private final ThrottledLog faults = new ThrottledLog(LOG, 5);

    ServiceHandler(ServerConfig config, Function<String, Route> router, Metrics metrics, AccessLog accessLog,
                   GuardProbe probe, Scheduler timer) {
        this.config = config;
        this.router = router;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.probe = probe;
        this.timer = timer;
        this.allowedHosts = !config.allowedHosts().isEmpty() ? lowerCase(config.allowedHosts())
                : isLoopback(config.host()) ? LOOPBACK_NAMES : List.of();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        HttpCall call = new HttpCall(request, response, requestId(request.getHeaders().get("X-Request-Id")), timer,
                config.bodyTimeout());
        call.setHeader("X-Request-Id", call.requestId());
        boolean onAdminPort = ADMIN_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName());
        Route route = router.apply(call.path());
        Reply reply;
        try {
            reply = serve(call, route, onAdminPort);
        } catch (ApiException e) {
            reply = Endpoint.error(e);
            if (e.status() == 429 || e.status() == 503) {
                call.setHeader("Retry-After", "1");
            }
        } catch (HttpCall.BodyTimeoutException e) {
            call.setHeader("Connection", "close");
            reply = Endpoint.error(new ApiException(408, "invalid_request_error", "request_timeout", null,
                    "The request body did not arrive within " + config.bodyTimeout().toMillis() + " ms."));
        } catch (IOException e) {
            // The client went away or sent a broken stream; nothing useful can be written back.
            LOG.log(Level.FINE, "I/O error on " + route.name(), e);
            finish(call, route.name(), 499, start);
            callback.failed(e);
            return true;
        } catch (ScoringException e) {
            metrics.recordScoringFailure();
            probe.invalidate();
            faults.severe("the guard could not score a text on " + route.name(), e);
            reply = Endpoint.error(new ApiException(500, "server_error", "internal_error", null,
                    "The guard could not compute a valid score, so nothing was judged; the service's operator must"
                            + " check its model files."));
        } catch (RuntimeException e) {
            faults.severe("unexpected failure on " + route.name(), e);
            reply = Endpoint.error(new ApiException(500, "server_error", "internal_error", null,
                    "The service failed to handle this request; see its log (request id " + call.requestId() + ")."));
        }
        if (call.leftBodyUnread()) {
            call.setHeader("Connection", "close");
        }
        write(response, reply, callback);
        finish(call, route.name(), reply.status(), start);
        return true;
    }

    private Reply serve(HttpCall call, Route route, boolean onAdminPort) throws IOException {
        if (config.adminPort() >= 0 && route.admin() != onAdminPort) {
            throw unknownRoute(call);
        }
        checkHost(call);
        if (checkOrigin(call) && call.method().equals("OPTIONS")) {
            return new Reply(204, "text/plain", "");
        }
        if (!onAdminPort && !route.name().equals("/health") && !route.name().equals("/ready")) {
            authenticate(call);
        }
        return route.handler().handle(call);
    }

    private void finish(HttpCall call, String route, int status, long start) {
        long nanos = System.nanoTime() - start;
        metrics.recordRequest(route, status, nanos / 1e9);
        accessLog.record(call, route, status, nanos);
    }

    static ApiException unknownRoute(HttpCall call) {
        return ApiException.notFound("unknown_route", null, "No route " + call.path()
                + "; see /v1/moderations, /v1/score, /v1/sessions, /health, /ready, /metrics.");
    }

    /** A page on another site can reach a loopback service through DNS rebinding; its Host header gives it away. */
    private void checkHost(HttpCall call) {
        String host = call.header("Host");
        if (allowedHosts.isEmpty() || host == null) {
            return;
        }
        String name = hostName(host);
        if (!allowedHosts.contains(name)) {
            throw new ApiException(403, "invalid_request_error", "host_not_allowed", null,
                    "Host '" + name + "' is not served here; allowed: " + String.join(", ", allowedHosts) + ".");
        }
    }

    /**
     * Browsers send Origin on cross-site requests: only the configured origins may call (and read) the service.
     * Returns whether the request is an allowed cross-origin one (its CORS headers are set).
     */
    private boolean checkOrigin(HttpCall call) {
        String origin = call.header("Origin");
        if (origin == null || isSameOrigin(origin, call.header("Host"))) {
            return false;
        }
        if (!config.corsOrigins().contains(origin) && !config.corsOrigins().contains("*")) {
            throw new ApiException(403, "invalid_request_error", "origin_not_allowed", null,
                    "Cross-origin requests from " + origin + " are not allowed; the operator can allow it with --cors-origin.");
        }
        call.setHeader("Access-Control-Allow-Origin", origin);
        call.setHeader("Vary", "Origin");
        call.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
        call.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
        call.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
        call.setHeader("Access-Control-Max-Age", "600");
        return true;
    }

    private static boolean isSameOrigin(String origin, String host) {
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    private void authenticate(HttpCall call) {
        if (config.apiKeys().isEmpty()) {
            return;
        }
        String key = config.apiKeys().identify(call.header("Authorization")).orElseThrow(() -> {
            call.setHeader("WWW-Authenticate", "Bearer");
            return new ApiException(401, "invalid_request_error", "invalid_api_key", null,
                    call.header("Authorization") == null
                            ? "This service requires an API key: send 'Authorization: Bearer KEY'."
                            : "The API key is not valid.");
        });
        call.authenticatedAs(key);
    }

    private static void write(Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        response.getHeaders().put("Content-Type", reply.contentType() + "; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static String requestId(String fromClient) {
        return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches()
                ? fromClient : UUID.randomUUID().toString();
    }

    /** The host name of a Host header, without port or IPv6 brackets, lower case. */
    static String hostName(String hostHeader) {
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> lowerCase(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
