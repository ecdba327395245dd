package dev.siren.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.siren.guard.Guard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The SIREN guard service: an HTTP server (JDK {@code com.sun.net.httpserver}, one virtual thread per request)
 * in front of a {@link Guard}. Routes: POST /v1/moderations, POST /v1/score, /v1/sessions (streaming),
 * GET /health, GET /ready, GET /metrics. The guard is owned by the caller and not closed here.
 */
public final class SirenServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SirenServer.class.getName());

    private final ServerConfig config;
    private final Metrics metrics = new Metrics();
    private final MicroBatcher batcher;
    private final SessionRegistry sessions;
    private final HttpServer http;
    private final ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean draining;
    private boolean stopped;

    private SirenServer(Guard guard, ServerConfig config) throws IOException {
        this.config = config;
        // Bind first: a port in use fails here, before any worker thread has started.
        http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024); // backlog for bursts of connects
        this.batcher = new MicroBatcher(guard, config, metrics);
        this.sessions = new SessionRegistry(guard, config, batcher, System::nanoTime);
        ScoringRoutes scoring = new ScoringRoutes(config, batcher, guard);
        SessionRoutes streaming = new SessionRoutes(config, sessions, scoring.defaultThreshold());
        metrics.gauge("siren_queued_tokens", "Tokens waiting to be scored (texts and session steps).", batcher::queuedTokens);
        metrics.gauge("siren_open_sessions", "Open stream sessions.", sessions::openCount);

        http.setExecutor(requestThreads);
        route("/v1/moderations", exact("/v1/moderations", acceptingWork(scoring::moderations)));
        route("/v1/score", exact("/v1/score", acceptingWork(scoring::score)));
        route("/v1/sessions", acceptingWork(streaming::handle)); // parses its own sub-paths
        route("/health", exact("/health", exchange -> probe(exchange, 200, "ok")));
        route("/ready", exact("/ready", exchange -> draining
                ? probe(exchange, 503, "shutting down")
                : probe(exchange, 200, "ready")));
        route("/metrics", exact("/metrics", exchange -> {
            Endpoint.requireMethod(exchange, "GET");
            return Reply.text(200, "text/plain; version=0.0.4", metrics.render());
        }));
        route("/", SirenServer::unknownRoute);
    }

    /** Binds the address in {@code config} and starts serving. */
    public static SirenServer start(Guard guard, ServerConfig config) throws IOException {
        SirenServer server = new SirenServer(guard, config);
        server.http.start();
        LOG.info(() -> "SIREN guard service listening on http://" + config.host() + ":" + server.port());
        return server;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Graceful shutdown: /ready turns 503 and new scoring requests get 503, requests in flight finish (up to
     * the configured grace), the queue is drained, then sessions are closed.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        draining = true;
        Duration grace = config.shutdownGrace();
        long start = System.nanoTime();
        // HttpServer.stop closes the listener, then waits until every exchange has completed or the delay passes.
        http.stop((int) Math.max(1, grace.toSeconds()));
        Duration left = grace.minusNanos(System.nanoTime() - start);
        batcher.close(left.isNegative() ? Duration.ZERO : left);
        sessions.close();
        requestThreads.shutdown();
    }

    private void route(String path, Endpoint.Handler handler) {
        http.createContext(path, new Endpoint(path, metrics, handler));
    }

    /** HttpServer matches contexts by prefix; this keeps e.g. /v1/scores or /health/x from reaching a route. */
    private static Endpoint.Handler exact(String path, Endpoint.Handler handler) {
        return exchange -> {
            String requested = exchange.getRequestURI().getPath();
            return requested.equals(path) || requested.equals(path + "/") ? handler.handle(exchange) : unknownRoute(exchange);
        };
    }

    private static Reply unknownRoute(HttpExchange exchange) {
        throw ApiException.notFound("unknown_route", null, "No route " + exchange.getRequestURI().getPath()
                + "; see /v1/moderations, /v1/score, /v1/sessions, /health, /ready, /metrics.");
    }

    private Endpoint.Handler acceptingWork(Endpoint.Handler handler) {
        return exchange -> {
            if (draining) {
                throw ApiException.unavailable("shutting_down", "The service is shutting down; retry on another instance.");
            }
            return handler.handle(exchange);
        };
    }

    private static Reply probe(HttpExchange exchange, int status, String state) {
        Endpoint.requireMethod(exchange, "GET");
        return Reply.json(status, Map.of("status", state));
    }
}
