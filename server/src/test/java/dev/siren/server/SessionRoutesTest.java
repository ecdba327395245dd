package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenLimitException;
import dev.siren.guard.testkit.ForwardingGuard;
import dev.siren.guard.testkit.ForwardingStreamSession;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRoutesTest {

    private final KeywordGuard guard = KeywordGuard.standard();

    private SirenServer start(ServerConfig.Builder config) throws Exception {
        return SirenServer.start(guard, config.port(0).build());
    }

    @Test
    void eachChunkAnswersTheScoreOfThePrefixSoFar() throws Exception {
        try (SirenServer server = start(ServerConfig.builder())) {
            TestClient client = new TestClient(server.port());
            TestClient.Answer created = client.post("/v1/sessions", "");
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("id").asText();

            JsonNode first = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"Here is how to \"}").json();
            assertFalse(first.get("harmful").asBoolean());
            assertEquals(4, first.get("tokens").asInt());
            JsonNode second = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"make a bo\"}").json();
            assertFalse(second.get("harmful").asBoolean());
            JsonNode third = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"mb\",\"threshold\":0.95}").json();
            assertEquals(KeywordGuard.HARMFUL_SCORE, third.get("score").asDouble(), 1e-12, "the keyword spans two chunks");
            assertFalse(third.get("harmful").asBoolean(), "0.9 < 0.95");
            assertEquals(0.95, third.get("threshold").asDouble());
            assertEquals(1, guard.openStreams());

            assertEquals(200, client.delete("/v1/sessions/" + id).status());
            assertEquals(0, guard.openStreams());
            assertEquals(404, client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"x\"}").status());
        }
    }

    @Test
    void aSessionWithAPromptScoresThePair() throws Exception {
        try (SirenServer server = start(ServerConfig.builder())) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{\"prompt\":\"How do I poison\"}").json().get("id").asText();
            JsonNode chunk = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"I can't help.\"}").json();
            assertTrue(chunk.get("harmful").asBoolean(), "the prompt is part of what is scored");
        }
    }

    @Test
    void openSessionsAreCapped() throws Exception {
        try (SirenServer server = start(ServerConfig.builder().maxSessions(2))) {
            TestClient client = new TestClient(server.port());
            String first = client.post("/v1/sessions", "{}").json().get("id").asText();
            assertEquals(201, client.post("/v1/sessions", "{}").status());
            TestClient.Answer third = client.post("/v1/sessions", "{}");
            assertEquals(429, third.status());
            assertEquals("too_many_sessions", third.error().get("code").asText());
            client.delete("/v1/sessions/" + first);
            assertEquals(201, client.post("/v1/sessions", "{}").status(), "closing one frees a slot");
        }
    }

    @Test
    void oneClientsOpenSessionsAreCappedBelowTheServiceCap() throws Exception {
        try (SirenServer server = start(ServerConfig.builder().maxSessions(10).maxClientSessions(2))) {
            TestClient client = new TestClient(server.port());
            assertEquals(201, client.post("/v1/sessions", "{}").status());
            assertEquals(201, client.post("/v1/sessions", "{}").status());
            TestClient.Answer third = client.post("/v1/sessions", "{}");
            assertEquals(429, third.status(), third.body());
            assertEquals("too_many_client_sessions", third.error().get("code").asText());
            assertEquals("rate_limit_error", third.error().get("type").asText());
        }
    }

    @Test
    void aSessionGrowingPastTheTokenCapIsClosed() throws Exception {
        try (SirenServer server = start(ServerConfig.builder().maxSessionTokens(5))) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{}").json().get("id").asText();
            assertEquals(200, client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"one two three \"}").status());
            TestClient.Answer over = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"four five six\"}");
            assertEquals(413, over.status(), over.body());
            assertEquals("session_token_limit", over.error().get("code").asText());
            assertEquals(404, client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"x\"}").status());
            assertEquals(0, guard.openStreams());
        }
    }

    @Test
    void idleSessionsExpire() throws Exception {
        try (SirenServer server = start(ServerConfig.builder().sessionIdleTimeout(Duration.ofMillis(100)))) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{}").json().get("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (guard.openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, guard.openStreams());
            TestClient.Answer gone = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"x\"}");
            assertEquals(404, gone.status());
            assertTrue(client.get("/metrics").body().contains("siren_open_sessions 0"));
        }
    }

    @Test
    void anEmptyChunkIsRejected() throws Exception {
        try (SirenServer server = start(ServerConfig.builder())) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{}").json().get("id").asText();
            TestClient.Answer empty = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"\"}");
            assertEquals(400, empty.status());
            assertEquals("text", empty.error().get("param").asText());
            assertEquals(200, client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"ok\"}").status());
        }
    }

    @Test
    void aChunkTheGuardRefusesIsA400AndEndsTheSession() throws Exception {
        Guard refusing = new RefusingStreams(guard, () -> new IllegalArgumentException("not text this guard takes"));
        try (SirenServer server = SirenServer.start(refusing, ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{}").json().get("id").asText();
            TestClient.Answer refused = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"refuse me\"}");
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_input", refused.error().get("code").asText());
            assertEquals(404, client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"x\"}").status());
            assertEquals(0, guard.openStreams());
        }
    }

    @Test
    void theGuardsOwnStreamCapIsA413AndEndsTheSession() throws Exception {
        Guard capped = new RefusingStreams(guard, () -> new TokenLimitException("the stream reached 40 tokens", 32));
        try (SirenServer server = SirenServer.start(capped, ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            String id = client.post("/v1/sessions", "{}").json().get("id").asText();
            TestClient.Answer refused = client.post("/v1/sessions/" + id + "/chunks", "{\"text\":\"refuse me\"}");
            assertEquals(413, refused.status(), refused.body());
            assertEquals("session_token_limit", refused.error().get("code").asText());
            assertTrue(refused.error().get("message").asText().contains("limit of 32 tokens"), refused.body());
            assertEquals(0, guard.openStreams());
        }
    }

    /** Wraps a guard so that its streams refuse a chunk containing "refuse", as a real one refuses one too long. */
    private static final class RefusingStreams extends ForwardingGuard {
        private final Supplier<RuntimeException> refusal;

        RefusingStreams(KeywordGuard inner, Supplier<RuntimeException> refusal) {
            super(inner);
            this.refusal = refusal;
        }

        @Override
        public StreamSession newStream() {
            return new ForwardingStreamSession(super.newStream(), defaultThreshold()) {
                @Override
                public ScoreResult append(String chunk, double threshold) {
                    if (chunk.contains("refuse")) {
                        throw refusal.get();
                    }
                    return super.append(chunk, threshold);
                }
            };
        }

        @Override
        public String describe() {
            return "refusing " + super.describe();
        }

        @Override
        public void close() {
        }
    }
}
