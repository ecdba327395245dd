package dev.siren.server;

import dev.siren.guard.Guard;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The SIREN guard service: an HTTP server ({@link HttpTransport}: Jetty, one virtual thread per request) in front of
 * a {@link Guard}. Routes: POST /v1/moderations, POST /v1/score, /v1/sessions (streaming), GET /health, GET /ready,
 * GET /metrics. The guard is owned by the caller and not closed here.
 */
public final class SirenServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SirenServer.class.getName());
    /** How long /ready trusts the last canary score. */
    private static final Duration PROBE_TTL = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final Metrics metrics = new Metrics();
    private final MicroBatcher batcher;
    private final SessionRegistry sessions;
    private final HttpTransport http;
    private final GuardProbe probe;
    private final ScoringRoutes scoring;
    private final SessionRoutes streaming;
    private volatile boolean draining;
    private boolean stopped;

    private SirenServer(Guard guard, ServerConfig config) {
        this.config = config;
        this.http = new HttpTransport(config);
        this.probe = new GuardProbe(guard, PROBE_TTL, System::nanoTime);
        this.batcher = new MicroBatcher(guard, config, metrics);
        this.sessions = new SessionRegistry(guard, config, batcher, System::nanoTime);
        this.scoring = new ScoringRoutes(config, batcher, guard);
        this.streaming = new SessionRoutes(config, sessions, scoring.defaultThreshold(), guard.maxStreamTokens());
        metrics.gauge("siren_queued_tokens", "Tokens waiting to be scored (texts and session steps).", batcher::queuedTokens);
        metrics.gauge("siren_open_sessions", "Open stream sessions.", sessions::openCount);
        metrics.gauge("siren_open_connections", "Open client connections.", http::openConnections);
    }

    /**
     * Binds the address in {@code config} and starts serving.
     *
     * @throws IllegalArgumentException when asked to listen beyond loopback without API keys, unless allowed
     */
    public static SirenServer start(Guard guard, ServerConfig config) throws IOException {
        if (config.apiKeys().isEmpty() && !config.allowUnauthenticated() && !ServiceHandler.isLoopback(config.host())) {
            throw new IllegalArgumentException("refusing to listen on " + config.host() + " without API keys: anyone who"
                    + " can reach it could use the guard; give --api-keys, or --allow-unauthenticated to accept that");
        }
        SirenServer server = new SirenServer(guard, config);
        AccessLog accessLog = new AccessLog(config.logText());
        try {
            server.http.start(new ServiceHandler(config, server::route, server.metrics, accessLog, server.probe,
                    server.http.timer()), new HttpErrors(config.maxHeaderBytes(), server.metrics, accessLog));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        server.probe.problem().ifPresent(problem -> LOG.severe("/ready answers 503: " + problem));
        LOG.info(() -> "SIREN guard service listening on " + (config.isTls() ? "https" : "http") + "://"
                + config.host() + ":" + server.port()
                + (config.adminPort() >= 0 ? ", operations on http://127.0.0.1:" + server.adminPort() : ""));
        return server;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return http.port();
    }

    public boolean isTls() {
        return config.isTls();
    }

    /** The operations port actually bound, or -1 when /health, /ready and /metrics are on the main port. */
    public int adminPort() {
        return http.adminPort();
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
        http.stop(); // stops accepting, then waits for the requests in flight (at most the grace)
        Duration left = grace.minusNanos(System.nanoTime() - start);
        batcher.close(left.isNegative() ? Duration.ZERO : left);
        sessions.close();
    }

    private ServiceHandler.Route route(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return switch (trimmed) {
            case "/v1/moderations" -> new ServiceHandler.Route(trimmed, false, acceptingWork(scoring::moderations));
            case "/v1/score" -> new ServiceHandler.Route(trimmed, false, acceptingWork(scoring::score));
            case "/health" -> new ServiceHandler.Route(trimmed, true, call -> probe(call, 200, "ok"));
            case "/ready" -> new ServiceHandler.Route(trimmed, true, this::ready);
            case "/metrics" -> new ServiceHandler.Route(trimmed, true, call -> {
                Endpoint.requireMethod(call, "GET");
                return Reply.text(200, "text/plain; version=0.0.4", metrics.render());
            });
            default -> trimmed.equals("/v1/sessions") || trimmed.startsWith("/v1/sessions/")
                    ? new ServiceHandler.Route("/v1/sessions", false, acceptingWork(streaming::handle)) // parses its own sub-paths
                    : new ServiceHandler.Route("/", false, call -> {
                        throw ServiceHandler.unknownRoute(call);
                    });
        };
    }

    private Reply ready(HttpCall call) {
        if (draining) {
            return probe(call, 503, "shutting down");
        }
        return probe.problem()
                .map(problem -> {
                    Endpoint.requireMethod(call, "GET");
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("status", "unavailable");
                    json.put("reason", problem);
                    return Reply.json(503, json);
                })
                .orElseGet(() -> probe(call, 200, "ready"));
    }

    private Endpoint.Handler acceptingWork(Endpoint.Handler handler) {
        return call -> {
            if (draining) {
                throw ApiException.unavailable("shutting_down", "The service is shutting down; retry on another instance.");
            }
            return handler.handle(call);
        };
    }

    private static Reply probe(HttpCall call, int status, String state) {
        Endpoint.requireMethod(call, "GET");
        return Reply.json(status, Map.of("status", state));
    }
}
