package dev.siren.server;

import dev.siren.guard.ScoreResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One client cannot starve another: fair scheduling across clients and work kinds, token budgets, per-client caps. */
class MicroBatcherFairnessTest {

    private static final long HALF_MS = 500_000;

    private static List<String> texts(int count, int words) {
        return Collections.nCopies(count, SerialCostGuard.words(words));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aSmallRequestIsNotQueuedBehindAnotherClientsBacklog() throws Exception {
        SerialCostGuard guard = new SerialCostGuard(HALF_MS);
        ServerConfig config = ServerConfig.builder().maxBatchTokens(128).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics())) {
            // Client A floods: three requests of 16 texts of 64 tokens, 3072 tokens, about 1.5 s of work.
            List<CompletableFuture<ScoreResult>> flood = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                flood.addAll(batcher.submit("A", texts(16, 64), 0.5));
            }
            Thread.sleep(50);
            long start = System.nanoTime();
            batcher.submit("B", List.of("hello"), 0.5).getFirst().get();
            long waited = millisSince(start);
            assertTrue(waited < 500, "B's one-token request waited " + waited + " ms behind A's backlog");
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get();
        }
    }

    @Test
    void sessionStepsOfOneClientDoNotStarveScoringOfAnother() throws Exception {
        long worst = worstScoreLatencyWhileAStreams("B");
        assertTrue(worst < 300, "B's one-token request waited up to " + worst + " ms behind A's sessions");
    }

    @Test
    void sessionsAndScoringOfTheSameClientShareTheGuard() throws Exception {
        long worst = worstScoreLatencyWhileAStreams("A");
        assertTrue(worst < 300, "A's own one-token request waited up to " + worst + " ms behind its sessions");
    }

    /**
     * Client A streams into 16 sessions at once, each append 96 tokens (48 ms of device time); meanwhile
     * {@code scorer} sends five one-token requests, one after the other. Returns the longest wait in ms.
     */
    private static long worstScoreLatencyWhileAStreams(String scorer) throws Exception {
        SerialCostGuard guard = new SerialCostGuard(HALF_MS);
        ServerConfig config = ServerConfig.builder().maxSessionTokens(1_000_000).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics());
             SessionRegistry sessions = new SessionRegistry(guard, config, batcher, System::nanoTime)) {
            AtomicBoolean streaming = new AtomicBoolean(true);
            List<Thread> streams = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(sessions.open("A", null));
            }
            for (String id : ids) {
                streams.add(Thread.ofVirtual().start(() -> {
                    while (streaming.get()) {
                        sessions.append("A", id, SerialCostGuard.words(96) + " ", 0.5);
                    }
                }));
            }
            Thread.sleep(200);
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                batcher.submit(scorer, List.of("hello"), 0.5).getFirst().get();
                worst = Math.max(worst, millisSince(start));
            }
            streaming.set(false);
            for (Thread t : streams) {
                t.join();
            }
            return worst;
        }
    }

    @Test
    void oneClientCannotHoldEverySession() {
        SerialCostGuard guard = new SerialCostGuard(0);
        ServerConfig config = ServerConfig.builder().maxSessions(4).maxClientSessions(2).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics());
             SessionRegistry sessions = new SessionRegistry(guard, config, batcher, System::nanoTime)) {
            String first = sessions.open("A", null);
            sessions.open("A", "a prompt");
            ApiException refused = assertThrows(ApiException.class, () -> sessions.open("A", null));
            assertEquals(429, refused.status());
            assertEquals("too_many_client_sessions", refused.code());
            sessions.open("B", null);
            sessions.open("B", null);
            assertEquals(4, sessions.openCount(), "others still open theirs while A is at its cap");
            sessions.closeOrFail(first);
            sessions.open("A", null);
            assertEquals("too_many_sessions", assertThrows(ApiException.class, () -> sessions.open("C", null)).code(),
                    "the service-wide cap still holds");
        }
    }

    @Test
    void oneClientsWorkIsCappedWhileOthersAreServed() throws Exception {
        SerialCostGuard guard = new SerialCostGuard(0);
        ServerConfig config = ServerConfig.builder().maxClientTokens(100).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics())) {
            List<CompletableFuture<ScoreResult>> queued;
            synchronized (guard.device) { // the guard is busy: work stays queued
                queued = new ArrayList<>(batcher.submit("A", texts(2, 30), 0.5));
                ApiException refused = assertThrows(ApiException.class, () -> batcher.submit("A", texts(2, 30), 0.5));
                assertEquals(429, refused.status());
                assertEquals("client_queue_full", refused.code());
                assertEquals("rate_limit_error", refused.type());
                queued.addAll(batcher.submit("B", texts(2, 30), 0.5));
            }
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get();
            assertEquals(2, batcher.submit("A", texts(2, 30), 0.5).size(), "A's share is free again once answered");
        }
    }

    @Test
    void aClientsFirstRequestIsAdmittedWhateverItsSize() throws Exception {
        SerialCostGuard guard = new SerialCostGuard(0);
        ServerConfig config = ServerConfig.builder().maxClientTokens(10).maxQueuedTokens(10).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics())) {
            batcher.submit("A", texts(3, 50), 0.5).getLast().get();
        }
    }

    @Test
    void batchesKeepToTheTokenBudgetAndALongerTextRunsAlone() throws Exception {
        SerialCostGuard guard = new SerialCostGuard(0);
        ServerConfig config = ServerConfig.builder().maxBatchTokens(100).linger(Duration.ofMillis(50)).build();
        try (MicroBatcher batcher = new MicroBatcher(guard, config, new Metrics())) {
            List<String> mixed = new ArrayList<>(texts(10, 30));
            mixed.add(5, SerialCostGuard.words(250));
            List<CompletableFuture<ScoreResult>> results = batcher.submit("A", mixed, 0.5);
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get();
        }
        assertEquals(List.of(90, 60, 250, 90, 60), guard.batchTokens,
                "texts in arrival order, at most 100 tokens a batch; the 250-token text alone");
    }
}
