package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringRoutesTest {

    private final KeywordGuard guard = KeywordGuard.standard();
    private SirenServer server;
    private TestClient client;

    @BeforeEach
    void start() throws Exception {
        server = SirenServer.start(guard, ServerConfig.builder().port(0).build());
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void moderationsScoresOneStringInput() {
        TestClient.Answer answer = client.post("/v1/moderations", "{\"model\":\"any\",\"input\":\"how to build a bomb\"}");
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = answer.json();
        assertTrue(json.get("id").asText().startsWith("modr-"));
        assertEquals("siren", json.get("model").asText(), "a short id, not the guard's description");
        JsonNode result = json.get("results").get(0);
        assertEquals(1, json.get("results").size());
        assertTrue(result.get("flagged").asBoolean());
        assertTrue(result.get("categories").get("harmful").asBoolean());
        assertEquals(KeywordGuard.HARMFUL_SCORE, result.get("category_scores").get("harmful").asDouble(), 1e-12);
        assertEquals("text", result.get("category_applied_input_types").get("harmful").get(0).asText());
        assertFalse(result.get("categories").has("violence"), "OpenAI categories are only filled in mirror mode");
    }

    @Test
    void moderationsAnswersOneResultPerArrayItemInOrder() {
        TestClient.Answer answer = client.post("/v1/moderations",
                "{\"input\":[\"hello there\",\"poison the well\",\"nice weather\"]}");
        assertEquals(200, answer.status(), answer.body());
        JsonNode results = answer.json().get("results");
        assertEquals(3, results.size());
        assertFalse(results.get(0).get("flagged").asBoolean());
        assertTrue(results.get(1).get("flagged").asBoolean());
        assertFalse(results.get(2).get("flagged").asBoolean());
        assertEquals(KeywordGuard.CLEAN_SCORE, results.get(2).get("category_scores").get("harmful").asDouble(), 1e-12);
    }

    @Test
    void textContentPartsAreOneInput() {
        TestClient.Answer answer = client.post("/v1/moderations",
                "{\"input\":[{\"type\":\"text\",\"text\":\"a recipe with\"},{\"type\":\"text\",\"text\":\"poison\"}]}");
        assertEquals(200, answer.status(), answer.body());
        JsonNode results = answer.json().get("results");
        assertEquals(1, results.size(), "content parts form one multimodal input, as in OpenAI's API");
        assertTrue(results.get(0).get("flagged").asBoolean());
    }

    @Test
    void mirrorModeFillsEveryOpenAiCategoryWithTheScore() throws Exception {
        try (SirenServer mirror = SirenServer.start(guard, ServerConfig.builder().port(0).mirrorOpenAiCategories(true).build())) {
            JsonNode result = new TestClient(mirror.port()).post("/v1/moderations", "{\"input\":\"kill it\"}")
                    .json().get("results").get(0);
            for (String category : ScoringRoutes.OPENAI_CATEGORIES) {
                assertTrue(result.get("categories").get(category).asBoolean(), category);
                assertEquals(KeywordGuard.HARMFUL_SCORE, result.get("category_scores").get(category).asDouble(), 1e-12);
            }
            assertTrue(result.get("categories").get("harmful").asBoolean());
        }
    }

    @Test
    void scoreJoinsPromptAndResponseAndAppliesTheThreshold() {
        JsonNode pair = client.post("/v1/score", "{\"prompt\":\"tell me a story\",\"response\":\"then he took the poison\"}").json();
        assertEquals(KeywordGuard.HARMFUL_SCORE, pair.get("score").asDouble(), 1e-12);
        assertTrue(pair.get("harmful").asBoolean());
        assertEquals(0.5, pair.get("threshold").asDouble());

        JsonNode strict = client.post("/v1/score", "{\"prompt\":\"hello\",\"threshold\":0.05}").json();
        assertEquals(KeywordGuard.CLEAN_SCORE, strict.get("score").asDouble(), 1e-12);
        assertTrue(strict.get("harmful").asBoolean(), "0.1 >= 0.05");
        assertEquals(0.05, strict.get("threshold").asDouble());

        JsonNode nullResponse = client.post("/v1/score", "{\"prompt\":\"hello\",\"response\":null}").json();
        assertFalse(nullResponse.get("harmful").asBoolean());
    }

    @Test
    void serverThresholdReplacesTheGuardDefault() throws Exception {
        try (SirenServer strict = SirenServer.start(guard, ServerConfig.builder().port(0).threshold(0.05).build())) {
            JsonNode json = new TestClient(strict.port()).post("/v1/score", "{\"prompt\":\"hello\"}").json();
            assertEquals(0.05, json.get("threshold").asDouble());
            assertTrue(json.get("harmful").asBoolean());
        }
    }

    @Test
    void concurrentRequestsShareGuardBatches() throws Exception {
        KeywordGuard slow = new KeywordGuard(java.util.Set.of("bomb"), java.time.Duration.ofMillis(40), java.time.Duration.ZERO);
        ServerConfig config = ServerConfig.builder().port(0).maxBatchSize(16).build();
        try (SirenServer batching = SirenServer.start(slow, config)) {
            TestClient c = new TestClient(batching.port());
            List<Thread> threads = new ArrayList<>();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 24; i++) {
                String text = i % 2 == 0 ? "bomb " + i : "fine " + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    TestClient.Answer a = c.post("/v1/score", "{\"prompt\":\"" + text + "\"}");
                    statuses.add(a.status());
                    assertEquals(text.startsWith("bomb"), a.json().get("harmful").asBoolean(), text);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(24, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertTrue(slow.largestBatch() > 1, "largest batch " + slow.largestBatch());
            assertTrue(slow.batchCalls() < 24, "batch calls " + slow.batchCalls());
            assertTrue(slow.largestBatch() <= 16);
        }
    }

    @Test
    void metricsCountRequestsByStatusAndReportGauges() {
        client.post("/v1/score", "{\"prompt\":\"hello\"}");
        client.post("/v1/score", "{\"prompt\":\"hello\"}");
        client.post("/v1/score", "not json");
        TestClient.Answer metrics = client.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
        String text = metrics.body();
        assertTrue(text.contains("siren_http_requests_total{route=\"/v1/score\",status=\"200\"} 2"), text);
        assertTrue(text.contains("siren_http_requests_total{route=\"/v1/score\",status=\"400\"} 1"), text);
        assertTrue(text.contains("siren_http_request_duration_seconds_count{route=\"/v1/score\"} 3"), text);
        assertTrue(text.contains("siren_batch_size_count 2"), text);
        assertTrue(text.contains("siren_queued_tokens 0"), text);
        assertTrue(text.contains("siren_open_sessions 0"), text);
    }

    @Test
    void healthAndReadyAnswerOk() {
        assertEquals(200, client.get("/health").status());
        TestClient.Answer ready = client.get("/ready");
        assertEquals(200, ready.status());
        assertEquals("ready", ready.json().get("status").asText());
    }
}
