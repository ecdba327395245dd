package dev.siren.cli;

import dev.siren.guard.Guard;
import dev.siren.guard.Guards;
import dev.siren.server.ApiKeys;
import dev.siren.server.ServerConfig;
import dev.siren.server.SirenServer;
import dev.siren.server.Tls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code siren serve}: runs the HTTP guard service until interrupted. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Run the guard as an HTTP service (docs/server.md).",
                "  POST /v1/moderations   OpenAI-compatible moderation",
                "  POST /v1/score         {\"prompt\", \"response\"?, \"threshold\"?}",
                "  /v1/sessions           streaming: score a response chunk by chunk",
                "  GET /health, /ready, /metrics (Prometheus)",
                "Ctrl-C shuts down gracefully: requests in flight finish, new ones get 503.",
                "Heap: the ./siren launcher runs 'serve' with -Xmx1g and the G1 collector unless SIREN_JAVA_OPTS",
                "sets its own (docs/server.md, \"Sizing\")."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren serve                      # default guard, http://127.0.0.1:8080",
                "  ./siren serve --guard heads/qwen3-0.6b --port 9000 --threshold 0.1",
                "  curl -s localhost:8080/v1/moderations \\",
                "       -d '{\"input\": [\"hi\", \"how to make a bomb\"]}'",
                "  curl -s localhost:8080/v1/score -d '{\"prompt\": \"P\", \"response\": \"R\"}'",
                "  ./siren serve --host 0.0.0.0 --api-keys keys.txt --admin-port 9090 \\",
                "      --tls-cert cert.pem --tls-key key.pem",
                "",
                "Exit codes: 0 after a clean shutdown; 2 when the guard or address is unusable."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    GuardOption guardOption;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the service to the network, which needs --api-keys or --allow-unauthenticated).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threshold", converter = ThresholdConverter.class, paramLabel = "T", description = "Threshold when a request names none (default: the guard's, usually 0.5).")
    Double threshold;

    @Option(names = "--openai-categories", defaultValue = "harmful-only", paramLabel = "MODE", description = "harmful-only (default): categories = {\"harmful\"}; mirror: also copy the score into every OpenAI category, for clients that require them.")
    String categoryMode;

    @Option(names = "--max-batch-size", defaultValue = "32", paramLabel = "N", description = "Most texts per backbone batch (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(names = "--max-batch-tokens", defaultValue = "512", paramLabel = "N", description = "Most tokens per backbone batch; a longer text is scored alone (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--linger-ms", defaultValue = "2", paramLabel = "MS", description = "How long a batch waits for more texts (default: ${DEFAULT-VALUE}).")
    long lingerMs;

    @Option(names = "--max-queued-tokens", defaultValue = "65536", paramLabel = "N", description = "Tokens that may wait, all clients together; beyond it requests get 429 at once (default: ${DEFAULT-VALUE}).")
    int maxQueuedTokens;

    @Option(names = "--max-client-tokens", defaultValue = "32768", paramLabel = "N", description = "Tokens one client may have waiting or being scored; beyond it its requests get 429 (default: ${DEFAULT-VALUE}).")
    int maxClientTokens;

    @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS", description = "Per-request scoring deadline; later answers are 503 (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", paramLabel = "N", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--max-text-chars", defaultValue = "32000", paramLabel = "N", description = "Largest text to score (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(names = "--max-inputs", defaultValue = "64", paramLabel = "N", description = "Most texts in one /v1/moderations request (default: ${DEFAULT-VALUE}).")
    int maxInputs;

    @Option(names = "--max-sessions", defaultValue = "256", paramLabel = "N", description = "Most open stream sessions (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--max-client-sessions", defaultValue = "32", paramLabel = "N", description = "Most open stream sessions per client (default: ${DEFAULT-VALUE}).")
    int maxClientSessions;

    @Option(names = "--max-session-tokens", defaultValue = "8192", paramLabel = "N", description = "Most tokens per stream session (default: ${DEFAULT-VALUE}).")
    int maxSessionTokens;

    @Option(names = "--session-idle-s", defaultValue = "300", paramLabel = "S", description = "Idle stream sessions close after this many seconds (default: ${DEFAULT-VALUE}).")
    long sessionIdleSeconds;

    @Option(names = "--api-keys", paramLabel = "FILE", description = "Require 'Authorization: Bearer KEY' with one of these keys (one per line). The keys may also come from the SIREN_API_KEYS environment variable (separated by commas or newlines).")
    Path apiKeysFile;

    @Option(names = "--allow-unauthenticated", description = "Allow listening beyond loopback without API keys (refused otherwise).")
    boolean allowUnauthenticated;

    @Option(names = "--tls-keystore", paramLabel = "P12", description = "Serve HTTPS with the key and certificate in this PKCS12 keystore; its password comes from SIREN_TLS_PASSWORD.")
    Path tlsKeystore;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The unencrypted PKCS#8 PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "Mutual TLS: require a client certificate issued by one of these PEM certificates.")
    Path tlsClientCa;

    @Option(names = "--admin-port", defaultValue = "-1", paramLabel = "PORT", description = "Serve /health, /ready and /metrics on this port of 127.0.0.1 only, not on --port (default: on --port).")
    int adminPort;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A Host header name to serve (repeatable; default: localhost, 127.0.0.1 and ::1 when bound to loopback, any otherwise).")
    List<String> allowedHosts = List.of();

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "A browser origin allowed to call the service, e.g. https://app.example (repeatable; default: none).")
    List<String> corsOrigins = List.of();

    @Option(names = "--log-text", description = "Write the scored text into the access log (default: never; it may be personal data).")
    boolean logText;

    @Option(names = "--header-timeout-ms", defaultValue = "10000", paramLabel = "MS", description = "A new connection must send its request headers within this (default: ${DEFAULT-VALUE}).")
    long headerTimeoutMs;

    @Option(names = "--body-timeout-ms", defaultValue = "10000", paramLabel = "MS", description = "A request body must arrive within this; later: 408 (default: ${DEFAULT-VALUE}).")
    long bodyTimeoutMs;

    @Option(names = "--idle-timeout-ms", defaultValue = "30000", paramLabel = "MS", description = "A connection silent this long is closed (default: ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(names = "--max-connections", defaultValue = "512", paramLabel = "N", description = "Most open client connections; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Spec
    CommandSpec spec;

    /** Where SIREN_API_KEYS and SIREN_TLS_PASSWORD are read (tests substitute their own). */
    Map<String, String> environment = System.getenv();

    private final GuardLoader loader;

    public ServeCommand() {
        this(GuardLoader.pretrained());
    }

    ServeCommand(GuardLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Guard guard;
        SirenServer server;
        try {
            ServerConfig config = config();
            guard = guardOption.load(loader);
            server = start(guard, config);
        } catch (CliException e) {
            err.println("siren serve: " + e.getMessage());
            err.flush();
            return ExitCodes.ERROR;
        }
        // SIGTERM and Ctrl-C (SIGINT) ask for a graceful stop; handling them here, rather than in a shutdown hook, lets
        // the drain finish on this thread and the command exit 0 (the JVM's default exits 143 / 130); installed before
        // the ready line, so a stop requested as soon as the service says it is up is not lost
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("siren serve: " + guard.describe() + " on " + (server.isTls() ? "https" : "http") + "://" + host + ":"
                + server.port() + (server.adminPort() >= 0 ? ", operations on http://127.0.0.1:" + server.adminPort() : "")
                + " (Ctrl-C to stop)");
        out.flush();
        stopRequested.await();
        err.println("siren serve: stopping: new requests get 503, those in flight finish...");
        err.flush();
        long start = System.nanoTime();
        server.close();
        guard.close();
        err.printf("siren serve: drained and stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
        err.flush();
        return ExitCodes.CLEAN;
    }

    /** Starts the service; a port in use or a bad host is a user error. */
    static SirenServer start(Guard guard, ServerConfig config) {
        try {
            return SirenServer.start(guard, config);
        } catch (IOException | UncheckedIOException e) {
            guard.close();
            throw new CliException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // e.g. beyond loopback without API keys
            guard.close();
            throw new CliException(e.getMessage(), e);
        }
    }

    ServerConfig config() {
        boolean mirror = switch (categoryMode) {
            case "harmful-only" -> false;
            case "mirror" -> true;
            default -> throw new CliException("--openai-categories must be harmful-only or mirror, got '" + categoryMode + "'");
        };
        try {
            return ServerConfig.builder()
                    .host(host).port(port)
                    .threshold(threshold == null ? Double.NaN : threshold)
                    .mirrorOpenAiCategories(mirror)
                    .maxBatchSize(maxBatchSize).maxBatchTokens(maxBatchTokens).linger(Duration.ofMillis(lingerMs))
                    .maxQueuedTokens(maxQueuedTokens).maxClientTokens(maxClientTokens)
                    .requestTimeout(Duration.ofMillis(timeoutMs))
                    .maxBodyBytes(maxBodyBytes).maxTextChars(maxTextChars).maxInputsPerRequest(maxInputs)
                    .maxSessions(maxSessions).maxClientSessions(maxClientSessions).maxSessionTokens(maxSessionTokens)
                    .sessionIdleTimeout(Duration.ofSeconds(sessionIdleSeconds))
                    .headerTimeout(Duration.ofMillis(headerTimeoutMs)).bodyTimeout(Duration.ofMillis(bodyTimeoutMs))
                    .idleTimeout(Duration.ofMillis(idleTimeoutMs)).maxConnections(maxConnections)
                    .apiKeys(apiKeys()).allowUnauthenticated(allowUnauthenticated).tls(tls()).adminPort(adminPort)
                    .allowedHosts(allowedHosts).corsOrigins(corsOrigins).logText(logText)
                    .modelId(modelId(guardOption.name))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private ApiKeys apiKeys() {
        String fromEnvironment = environment.get("SIREN_API_KEYS");
        if (apiKeysFile != null && fromEnvironment != null) {
            throw new CliException("give API keys either with --api-keys or in SIREN_API_KEYS, not both");
        }
        if (apiKeysFile != null) {
            try {
                return ApiKeys.read(apiKeysFile);
            } catch (IOException e) {
                throw new CliException("cannot read --api-keys " + apiKeysFile + ": " + e.getMessage(), e);
            }
        }
        return fromEnvironment == null ? ApiKeys.NONE : ApiKeys.parse(fromEnvironment.replace(',', '\n'), "SIREN_API_KEYS");
    }

    private Tls tls() {
        if (tlsKeystore != null && (tlsCert != null || tlsKey != null)) {
            throw new CliException("give --tls-keystore or --tls-cert with --tls-key, not both");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CliException("--tls-cert and --tls-key go together");
        }
        Tls tls = null;
        if (tlsKeystore != null) {
            String password = environment.get("SIREN_TLS_PASSWORD");
            if (password == null) {
                throw new CliException("--tls-keystore needs its password in the SIREN_TLS_PASSWORD environment variable");
            }
            tls = Tls.pkcs12(tlsKeystore, password.toCharArray());
        } else if (tlsCert != null) {
            tls = Tls.pem(tlsCert, tlsKey);
        }
        if (tlsClientCa != null) {
            if (tls == null) {
                throw new CliException("--tls-client-ca needs --tls-keystore or --tls-cert and --tls-key");
            }
            tls = tls.requiringClientCertificates(tlsClientCa);
        }
        return tls;
    }

    /** The model answers name: the head folder's name or the Hub repo id, never a filesystem path. */
    static String modelId(String guardName) {
        if (Guards.isShipped(guardName)) {
            return "siren-" + guardName;
        }
        Path folder = Path.of(guardName).toAbsolutePath().normalize();
        return Files.isDirectory(folder) ? String.valueOf(folder.getFileName()) : guardName;
    }
}
