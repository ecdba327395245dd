package dev.siren.server;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the guard service. Request limits are in characters (checked before any work); the guard's work is
 * budgeted in backbone tokens, counted when a text is prepared ({@link dev.siren.guard.Guard#prepare}).
 *
 * @param host                  address to bind (127.0.0.1 keeps the service local)
 * @param port                  TCP port; 0 picks a free one
 * @param threshold             decision threshold when a request names none; NaN means the guard's default
 * @param maxBodyBytes          largest request body accepted (413 beyond)
 * @param maxTextChars          largest single text (prompt + response, or one moderation input) accepted (413 beyond)
 * @param maxInputsPerRequest   most texts in one /v1/moderations request
 * @param maxQueuedTokens       tokens waiting to be scored, all clients together; a request that does not fit gets 429 at once
 * @param maxClientTokens       tokens one client may have waiting or being scored (texts and session steps); 429 beyond
 * @param maxBatchSize          most texts per Guard.scorePrepared call
 * @param maxBatchTokens        most tokens per Guard.scorePrepared call (a longer text is scored alone)
 * @param linger                how long a batch waits for company after its first text
 * @param batchWorkers          threads running the guard's work, batches and session steps (1 lets one batch use every core)
 * @param requestTimeout        a scoring request not answered in this time gets 503 and its texts are dropped
 * @param maxSessions           most open stream sessions (429 beyond)
 * @param maxClientSessions     most open stream sessions of one client (429 beyond)
 * @param maxSessionTokens      most tokens one stream session may hold; the session ends when it grows past this
 * @param sessionIdleTimeout    a session untouched this long is closed
 * @param mirrorOpenAiCategories fill every OpenAI moderation category with the single SIREN score (see docs/server.md)
 * @param shutdownGrace         how long shutdown waits for in-flight requests
 * @param idleTimeout           a connection that sends nothing this long is closed (also a stalled header or body)
 * @param headerTimeout         a new connection must deliver its first request's headers within this
 * @param bodyTimeout           a request body must arrive in full within this (408 and close beyond)
 * @param maxConnections        most open client connections; further connects wait in the backlog
 * @param maxHeaderBytes        largest request line plus headers (414 for a longer URL, 431 for larger headers)
 * @param apiKeys               keys a scoring request must present as {@code Authorization: Bearer KEY}; none: open
 * @param allowUnauthenticated  allow binding beyond loopback without API keys
 * @param tls                   serve HTTPS with this certificate (and, optionally, require client certificates); null: HTTP
 * @param adminPort             serve /health, /ready and /metrics on this loopback port only; -1: on the main port
 * @param allowedHosts          Host header names accepted; empty: loopback names when bound to loopback, else any
 * @param corsOrigins           browser origins allowed to call the service; empty: no cross-origin request
 * @param logText               write the scored text into the access log
 * @param modelId               the {@code model} named in answers, a short id (siren serve: the head folder's name,
 *                              the Hub repo id or siren-default); null: "siren"
 */
public record ServerConfig(
        String host,
        int port,
        double threshold,
        int maxBodyBytes,
        int maxTextChars,
        int maxInputsPerRequest,
        int maxQueuedTokens,
        int maxClientTokens,
        int maxBatchSize,
        int maxBatchTokens,
        Duration linger,
        int batchWorkers,
        Duration requestTimeout,
        int maxSessions,
        int maxClientSessions,
        int maxSessionTokens,
        Duration sessionIdleTimeout,
        boolean mirrorOpenAiCategories,
        Duration shutdownGrace,
        Duration idleTimeout,
        Duration headerTimeout,
        Duration bodyTimeout,
        int maxConnections,
        int maxHeaderBytes,
        ApiKeys apiKeys,
        boolean allowUnauthenticated,
        Tls tls,
        int adminPort,
        List<String> allowedHosts,
        List<String> corsOrigins,
        boolean logText,
        String modelId) {

    public ServerConfig {
        requirePositive("maxBodyBytes", maxBodyBytes);
        requirePositive("maxInputsPerRequest", maxInputsPerRequest);
        requirePositive("maxQueuedTokens", maxQueuedTokens);
        requirePositive("maxClientTokens", maxClientTokens);
        requirePositive("maxBatchSize", maxBatchSize);
        requirePositive("maxBatchTokens", maxBatchTokens);
        requirePositive("batchWorkers", batchWorkers);
        requirePositive("maxSessions", maxSessions);
        requirePositive("maxClientSessions", maxClientSessions);
        requirePositive("maxSessionTokens", maxSessionTokens);
        requirePositive("maxConnections", maxConnections);
        requirePositive("maxHeaderBytes", maxHeaderBytes);
        requirePositive("idleTimeout", idleTimeout.toMillis());
        requirePositive("headerTimeout", headerTimeout.toMillis());
        requirePositive("bodyTimeout", bodyTimeout.toMillis());
        allowedHosts = List.copyOf(allowedHosts);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** True when the service is reachable over HTTPS. */
    public boolean isTls() {
        return tls != null;
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; each setter overrides one setting. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private double threshold = Double.NaN;
        private int maxBodyBytes = 1 << 20;
        private int maxTextChars = 32_000;
        private int maxInputsPerRequest = 64;
        private int maxQueuedTokens = 65_536;
        private int maxClientTokens = 32_768; // 64 inputs of 512 tokens: one full request of the default guard
        private int maxBatchSize = 32;
        private int maxBatchTokens = 512; // a batch holds the guard, and so everyone waiting, for its whole duration
        private Duration linger = Duration.ofMillis(2);
        private int batchWorkers = 1;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxSessions = 256;
        private int maxClientSessions = 32;
        private int maxSessionTokens = 8192;
        private Duration sessionIdleTimeout = Duration.ofMinutes(5);
        private boolean mirrorOpenAiCategories = false;
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(10);
        private int maxConnections = 512;
        private int maxHeaderBytes = 8192;
        private ApiKeys apiKeys = ApiKeys.NONE;
        private boolean allowUnauthenticated = false;
        private Tls tls = null;
        private int adminPort = -1;
        private List<String> allowedHosts = List.of();
        private List<String> corsOrigins = List.of();
        private boolean logText = false;
        private String modelId = null;

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxTextChars(int maxTextChars) {
            this.maxTextChars = maxTextChars;
            return this;
        }

        public Builder maxInputsPerRequest(int maxInputsPerRequest) {
            this.maxInputsPerRequest = maxInputsPerRequest;
            return this;
        }

        public Builder maxQueuedTokens(int maxQueuedTokens) {
            this.maxQueuedTokens = maxQueuedTokens;
            return this;
        }

        public Builder maxClientTokens(int maxClientTokens) {
            this.maxClientTokens = maxClientTokens;
            return this;
        }

        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder maxBatchTokens(int maxBatchTokens) {
            this.maxBatchTokens = maxBatchTokens;
            return this;
        }

        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        public Builder batchWorkers(int batchWorkers) {
            this.batchWorkers = batchWorkers;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        public Builder maxClientSessions(int maxClientSessions) {
            this.maxClientSessions = maxClientSessions;
            return this;
        }

        public Builder maxSessionTokens(int maxSessionTokens) {
            this.maxSessionTokens = maxSessionTokens;
            return this;
        }

        public Builder sessionIdleTimeout(Duration sessionIdleTimeout) {
            this.sessionIdleTimeout = sessionIdleTimeout;
            return this;
        }

        public Builder mirrorOpenAiCategories(boolean mirrorOpenAiCategories) {
            this.mirrorOpenAiCategories = mirrorOpenAiCategories;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = headerTimeout;
            return this;
        }

        public Builder bodyTimeout(Duration bodyTimeout) {
            this.bodyTimeout = bodyTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxHeaderBytes(int maxHeaderBytes) {
            this.maxHeaderBytes = maxHeaderBytes;
            return this;
        }

        public Builder apiKeys(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder allowUnauthenticated(boolean allowUnauthenticated) {
            this.allowUnauthenticated = allowUnauthenticated;
            return this;
        }

        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        public Builder allowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return this;
        }

        public Builder corsOrigins(List<String> corsOrigins) {
            this.corsOrigins = corsOrigins;
            return this;
        }

        public Builder logText(boolean logText) {
            this.logText = logText;
            return this;
        }

        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, threshold, maxBodyBytes, maxTextChars, maxInputsPerRequest, maxQueuedTokens, maxClientTokens, maxBatchSize, maxBatchTokens, linger, batchWorkers, requestTimeout, maxSessions, maxClientSessions, maxSessionTokens, sessionIdleTimeout, mirrorOpenAiCategories, shutdownGrace,
                    idleTimeout, headerTimeout, bodyTimeout, maxConnections, maxHeaderBytes, apiKeys, allowUnauthenticated, tls, adminPort, allowedHosts, corsOrigins, logText, modelId);
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
