package dev.siren.server.bench;

import dev.siren.guard.testkit.KeywordGuard;
import dev.siren.server.ServerConfig;
import dev.siren.server.SirenServer;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the service on a {@link KeywordGuard} with a simulated model cost, for the loopback load test in
 * bench/server-load.sh. Arguments: PORT COST_PER_BATCH_MS COST_PER_TEXT_MS MAX_BATCH_SIZE MAX_QUEUED_TOKENS.
 * Stops (gracefully) on SIGTERM or Ctrl-C.
 */
public final class LoadTestServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Duration perBatch = Duration.ofNanos((long) (Double.parseDouble(args[1]) * 1e6));
        Duration perText = Duration.ofNanos((long) (Double.parseDouble(args[2]) * 1e6));
        ServerConfig config = ServerConfig.builder()
                .port(port)
                .maxBatchSize(Integer.parseInt(args[3]))
                .maxQueuedTokens(Integer.parseInt(args[4]))
                .build();
        KeywordGuard guard = new KeywordGuard(Set.of("bomb", "poison", "kill"), perBatch, perText);
        SirenServer server = SirenServer.start(guard, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.err.println("load-test server: " + guard.batchCalls() + " batch calls, largest batch " + guard.largestBatch());
            stopped.countDown();
        }));
        stopped.await();
    }
}
