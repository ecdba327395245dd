package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenLimitException;
import dev.siren.guard.testkit.ForwardingGuard;
import dev.siren.guard.testkit.ForwardingStreamSession;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A guard that cannot score is an error on every route and on /ready, never a "clean" verdict. */
class FailClosedTest {

    /** A guard whose head gives NaN for every text (e.g. corrupt weights). */
    private record NaNGuard(String describe) implements Guard {
        @Override
        public double defaultThreshold() {
            return 0.5;
        }

        @Override
        public ScoreResult score(String text, double threshold) {
            return ScoreResult.of(Double.NaN, threshold);
        }

        @Override
        public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
            return texts.stream().map(t -> score(t, threshold)).toList();
        }

        @Override
        public StreamSession newStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aScoreThatCannotBeComputedIs500AndCountedAndReadyTurns503() throws Exception {
        try (SirenServer server = SirenServer.start(new NaNGuard("nan"), ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            for (TestClient.Answer failed : List.of(client.post("/v1/score", "{\"prompt\":\"hi\"}"),
                    client.post("/v1/moderations", "{\"input\":[\"hi\",\"there\"]}"))) {
                assertEquals(500, failed.status(), failed.body());
                assertEquals("internal_error", failed.error().get("code").asText());
                assertEquals("server_error", failed.error().get("type").asText());
                assertFalse(failed.body().contains("flagged") || failed.body().contains("NaN"), failed.body());
            }
            assertTrue(client.get("/metrics").body().contains("siren_scoring_failures_total 2"));
            TestClient.Answer ready = client.get("/ready");
            assertEquals(503, ready.status(), ready.body());
            assertTrue(ready.json().get("reason").asText().contains("invalid score"), ready.body());
            assertEquals(200, client.get("/health").status(), "the process is alive, only not ready");
        }
    }

    @Test
    void readyIs200ForAGuardThatScores() throws Exception {
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).build())) {
            assertEquals(200, new TestClient(server.port()).get("/ready").status());
        }
    }

    /** A guard whose streams hold at most 8 tokens (one per character here), like a backbone's position limit. */
    private static final class CappedGuard extends ForwardingGuard {
        CappedGuard() {
            super(KeywordGuard.standard());
        }

        @Override
        public int maxStreamTokens() {
            return 8;
        }

        @Override
        public StreamSession newStream() {
            return new ForwardingStreamSession(super.newStream(), defaultThreshold()) {
                @Override
                public ScoreResult append(String chunk, double threshold) {
                    if (text().length() + chunk.length() > 8) {
                        throw new TokenLimitException("past the cap of 8", 8);
                    }
                    return super.append(chunk, threshold);
                }

                @Override
                public int tokenCount() {
                    return text().length();
                }
            };
        }
    }

    @Test
    void aSessionPromptOverTheGuardsCapIs413WithTheRealLimit() throws Exception {
        try (SirenServer server = SirenServer.start(new CappedGuard(), ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            TestClient.Answer opened = client.post("/v1/sessions", "{\"prompt\":\"hi\"}");
            assertEquals(201, opened.status(), opened.body());
            assertEquals(8, opened.json().get("max_tokens").asInt(), "the guard's cap, not the service's 8192");
            TestClient.Answer tooLong = client.post("/v1/sessions", "{\"prompt\":\"far more than eight\"}");
            assertEquals(413, tooLong.status(), tooLong.body());
            assertEquals("session_token_limit", tooLong.error().get("code").asText());
            assertTrue(tooLong.error().get("message").asText().contains(" 8 tokens"), tooLong.body());
            assertEquals(201, client.post("/v1/sessions", "{}").status(), "the refused open released its slot");
        }
    }

    @Test
    void theModelFieldIsAShortIdNotTheGuardsDescription() throws Exception {
        NaNGuard described = new NaNGuard("SIREN guard: head over Qwen/Qwen3-0.6B, backbone from /home/op/models/qwen3, threshold 0.5");
        try (SirenServer server = SirenServer.start(new ForwardingGuard(KeywordGuard.standard()) {
            @Override
            public String describe() {
                return described.describe();
            }
        }, ServerConfig.builder().port(0).build())) {
            String model = new TestClient(server.port()).post("/v1/moderations", "{\"input\":\"hi\"}").json().get("model").asText();
            assertEquals("siren", model, "no description, no filesystem path");
        }
    }
}
