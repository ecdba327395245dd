package dev.siren.cli;

import dev.siren.guard.Guard;
import dev.siren.server.ServerConfig;
import dev.siren.server.SirenServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
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
                "Ctrl-C shuts down gracefully: requests in flight finish, new ones get 503."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren serve                      # default guard, http://127.0.0.1:8080",
                "  ./siren serve --guard heads/qwen3-0.6b --port 9000 --threshold 0.1",
                "  curl -s localhost:8080/v1/moderations \\",
                "       -d '{\"input\": [\"hi\", \"how to make a bomb\"]}'",
                "  curl -s localhost:8080/v1/score -d '{\"prompt\": \"P\", \"response\": \"R\"}'",
                "",
                "Exit codes: 0 after a clean shutdown; 2 when the guard or address is unusable."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    GuardOption guardOption;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the service to the network).")
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

    @Spec
    CommandSpec spec;

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
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("siren serve: " + guard.describe() + " on http://" + host + ":" + server.port() + " (Ctrl-C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            guard.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Starts the service; a port in use or a bad host is a user error. */
    static SirenServer start(Guard guard, ServerConfig config) {
        try {
            return SirenServer.start(guard, config);
        } catch (IOException | UncheckedIOException e) {
            guard.close();
            throw new CliException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
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
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
