package dev.siren.server;

import dev.siren.guard.testkit.ForwardingGuard;
import dev.siren.guard.Guard;
import dev.siren.guard.PreparedText;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverloadAndShutdownTest {

    private static KeywordGuard slowGuard(Duration perCall) {
        return new KeywordGuard(Set.of("bomb"), perCall, Duration.ZERO);
    }

    @Test
    void aFullQueueIsAnsweredWith429AtOnce() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).maxQueuedTokens(2).maxBatchSize(1).build();
        try (SirenServer server = SirenServer.start(slowGuard(Duration.ofMillis(600)), config)) {
            TestClient client = new TestClient(server.port());
            List<CompletableFuture<TestClient.Answer>> inFlight = new ArrayList<>();
            // one being scored, then two queued: sent apart so the worker has taken the first before the queue fills
            for (int i = 0; i < 3; i++) {
                inFlight.add(CompletableFuture.supplyAsync(() -> client.post("/v1/score", "{\"prompt\":\"hi\"}")));
                Thread.sleep(i == 0 ? 150 : 20);
            }
            Thread.sleep(80);
            long start = System.nanoTime();
            TestClient.Answer refused = client.post("/v1/moderations", "{\"input\":[\"a\",\"b\",\"c\"]}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(429, refused.status(), refused.body());
            assertEquals("queue_full", refused.error().get("code").asText());
            assertEquals("rate_limit_error", refused.error().get("type").asText());
            assertTrue(millis < 250, "refused after " + millis + " ms, not at once");
            for (CompletableFuture<TestClient.Answer> f : inFlight) {
                assertEquals(200, f.join().status(), "queued work still completes");
            }
            assertTrue(client.get("/metrics").body().contains("siren_queue_rejections_total 1"));
        }
    }

    @Test
    void aRequestNotScoredInTimeGets503() throws Exception {
        KeywordGuard guard = slowGuard(Duration.ofMillis(400));
        ServerConfig config = ServerConfig.builder().port(0).requestTimeout(Duration.ofMillis(100)).build();
        try (SirenServer server = SirenServer.start(guard, config)) {
            TestClient client = new TestClient(server.port());
            TestClient.Answer late = client.post("/v1/score", "{\"prompt\":\"hi\"}");
            assertEquals(503, late.status(), late.body());
            assertEquals("timeout", late.error().get("code").asText());
        }
    }

    @Test
    void shutdownFinishesRequestsInFlight() throws Exception {
        AtomicInteger received = new AtomicInteger();
        Guard guard = new ForwardingGuard(slowGuard(Duration.ofMillis(300))) {
            @Override
            public PreparedText prepare(String text) {
                received.incrementAndGet(); // the server prepares a text when it accepts the request
                return super.prepare(text);
            }
        };
        SirenServer server = SirenServer.start(guard, ServerConfig.builder().port(0).build());
        TestClient client = new TestClient(server.port());
        List<TestClient.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String text = i == 0 ? "a bomb" : "calm " + i;
            requests.add(Thread.ofVirtual().start(() -> answers.add(client.post("/v1/score", "{\"prompt\":\"" + text + "\"}"))));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.get() < 4 && System.nanoTime() < deadline) { // wait until all four are in the server
            Thread.sleep(5);
        }
        assertEquals(4, received.get(), "the four requests reached the server before it was closed");
        server.close();
        for (Thread t : requests) {
            t.join();
        }
        assertEquals(4, answers.size());
        for (TestClient.Answer a : answers) {
            assertEquals(200, a.status(), a.body());
        }
        assertEquals(1, answers.stream().filter(a -> a.json().get("harmful").asBoolean()).count());
    }

    @Test
    void aFailingGuardGives500AndTheNextRequestIsServed() throws Exception {
        try (SirenServer server = SirenServer.start(new FailingOnWord("explode"), ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            TestClient.Answer failed = client.post("/v1/score", "{\"prompt\":\"explode\"}");
            assertEquals(500, failed.status(), failed.body());
            assertEquals("server_error", failed.error().get("type").asText());
            assertEquals(200, client.post("/v1/score", "{\"prompt\":\"fine\"}").status());
        }
    }

    @Test
    void aTextTheGuardRefusesFailsAloneNotTheRequestsBatchedWithIt() throws Exception {
        AtomicInteger largestBatch = new AtomicInteger();
        Guard refusing = new FailingOnWord("toolong", () -> new IllegalArgumentException("more than 8 tokens"),
                largestBatch);
        // A long linger so that the three requests share a batch even on a busy machine.
        ServerConfig config = ServerConfig.builder().port(0).linger(Duration.ofMillis(500)).build();
        try (SirenServer server = SirenServer.start(refusing, config)) {
            TestClient client = new TestClient(server.port());
            List<CompletableFuture<TestClient.Answer>> answers = new ArrayList<>();
            for (String prompt : List.of("fine one", "toolong text", "fine two")) {
                answers.add(CompletableFuture.supplyAsync(() -> client.post("/v1/score", "{\"prompt\":\"" + prompt + "\"}")));
            }
            assertEquals(200, answers.get(0).join().status());
            TestClient.Answer refused = answers.get(1).join();
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_input", refused.error().get("code").asText());
            assertTrue(refused.error().get("message").asText().contains("more than 8 tokens"));
            assertEquals(200, answers.get(2).join().status());
            assertEquals(3, largestBatch.get(), "the refused text was batched with the others");
        }
    }

    /** A guard whose backbone fails on one word, to check that a service fault is a 500, not a hang. */
    private record FailingOnWord(String word, java.util.function.Supplier<RuntimeException> failure,
                                 AtomicInteger largestBatch) implements Guard {

        FailingOnWord(String word) {
            this(word, () -> new IllegalStateException("simulated backbone failure"), new AtomicInteger());
        }

        @Override
        public double defaultThreshold() {
            return 0.5;
        }

        @Override
        public ScoreResult score(String text, double threshold) {
            return scoreBatch(List.of(text), threshold).getFirst();
        }

        @Override
        public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
            largestBatch.accumulateAndGet(texts.size(), Math::max);
            if (texts.stream().anyMatch(t -> t.contains(word))) {
                throw failure.get();
            }
            return texts.stream().map(t -> ScoreResult.of(0.2, threshold)).toList();
        }

        @Override
        public StreamSession newStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "failing";
        }

        @Override
        public void close() {
        }
    }
}
