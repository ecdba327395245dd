package dev.siren.server;

import dev.siren.guard.testkit.ForwardingGuard;
import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.testkit.KeywordGuard;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/score with OpenAI-style {@code messages} (+ {@code tools}): scored through Guard.scoreConversation. */
class ConversationScoringTest {

    private static final String TOOLS = """
            "tools": [{"type": "function", "function": {"name": "send_email", "description": "Sends an email",
              "parameters": {"type": "object", "properties": {"to": {"type": "string"}, "body": {"type": "string"}}}}}]""";

    /** A user asks for something benign; the assistant calls a tool whose arguments carry {@code payload}. */
    private static String toolCall(String payload) {
        return """
                {"messages": [
                  {"role": "system", "content": "You are a mail assistant."},
                  {"role": "user", "content": "Write to my landlord."},
                  {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function",
                    "function": {"name": "send_email", "arguments": "{\\"to\\": \\"l@x.org\\", \\"body\\": \\"%s\\"}"}}]}
                ], %s}""".formatted(payload, TOOLS);
    }

    /** A guard that answers conversations itself, as a conversation-level head does, and records what it read. */
    private static final class ConversationGuard extends ForwardingGuard {
        final List<Conversation> seen = new CopyOnWriteArrayList<>();

        ConversationGuard() {
            super(KeywordGuard.standard());
        }

        @Override
        public ScoreResult scoreConversation(Conversation conversation, double threshold) {
            seen.add(conversation);
            return ScoreResult.of(0.7, threshold);
        }
    }

    @Test
    void aToolCallIsScoredInItsConversation() throws Exception {
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            JsonNode harmful = client.post("/v1/score", toolCall("I will poison your dog")).json();
            assertTrue(harmful.get("harmful").asBoolean(), harmful.toString());
            assertEquals(KeywordGuard.HARMFUL_SCORE, harmful.get("score").asDouble());
            JsonNode benign = client.post("/v1/score", toolCall("The rent is paid.")).json();
            assertFalse(benign.get("harmful").asBoolean(), benign.toString());
            JsonNode strict = client.post("/v1/score", toolCall("The rent is paid.").replaceFirst("\\{", "{\"threshold\": 0.05, ")).json();
            assertTrue(strict.get("harmful").asBoolean(), "the request's threshold applies: " + strict);
        }
    }

    @Test
    void theGuardSeesTheWholeConversationWithItsTools() throws Exception {
        ConversationGuard guard = new ConversationGuard();
        try (SirenServer server = SirenServer.start(guard, ServerConfig.builder().port(0).build())) {
            JsonNode answer = new TestClient(server.port()).post("/v1/score", toolCall("hello")).json();
            assertEquals(0.7, answer.get("score").asDouble(), answer.toString());
        }
        Conversation seen = guard.seen.getFirst();
        assertEquals(List.of("system", "user", "assistant"), seen.messages().stream().map(m -> m.role()).toList());
        assertEquals("send_email", seen.messages().getLast().toolCalls().getFirst().name());
        assertEquals(1, seen.tools().size());
    }

    @Test
    void badShapesGetA400NamingTheField() throws Exception {
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(),
                ServerConfig.builder().port(0).maxTextChars(600).build())) {
            TestClient client = new TestClient(server.port());
            expect(client, "{\"messages\": [{\"content\": \"hi\"}]}", 400, "invalid_conversation",
                    "messages[0].role", "is missing");
            expect(client, "{\"messages\": [{\"role\": 3, \"content\": \"hi\"}]}", 400, "invalid_conversation",
                    "messages[0].role", "must be a string, found 3");
            expect(client, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\","
                    + " \"tool_calls\": {\"id\": \"c\"}}]}", 400, "invalid_conversation", "messages[1].tool_calls",
                    "must be a JSON array, found an object");
            expect(client, "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\":"
                    + " \"f\"}}]}]}", 400, "invalid_conversation", "messages[0].tool_calls[0].function.arguments",
                    "is missing");
            expect(client, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": {}}", 400,
                    "invalid_conversation", "tools", "must be a JSON array");
            expect(client, "{\"messages\": \"hi\"}", 400, "invalid_type", "messages", "found \"hi\"");
            expect(client, "{\"messages\": []}", 400, "invalid_conversation", "messages", "is empty");
            expect(client, "{\"prompt\": \"hi\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 400,
                    "conflicting_fields", "messages", "cannot be combined with 'prompt'");
            expect(client, "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "a".repeat(700) + "\"}]}", 413,
                    "input_too_long", "messages", "the limit is 600");
            expect(client, "{\"messages\": [{\"role\": \"user\", \"content\": \"\\ud800\"}]}", 400,
                    "invalid_unicode", "messages", "surrogate");
            expect(client, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"threshold\": 2}", 400,
                    "invalid_value", "threshold", "must be in [0, 1]");
        }
    }

    private static void expect(TestClient client, String body, int status, String code, String param, String says) {
        TestClient.Answer answer = client.post("/v1/score", body);
        assertEquals(status, answer.status(), answer.body());
        JsonNode error = answer.error();
        assertEquals(code, error.get("code").asText(), answer.body());
        assertEquals(param, error.get("param").asText(), answer.body());
        assertTrue(error.get("message").asText().contains(says), answer.body());
        TestClient.Answer next = client.post("/v1/score", toolCall("a bomb"));
        assertEquals(200, next.status(), "the request after the bad one: " + next.body());
    }

    @Test
    void aConversationTheGuardCannotReadIsA400WithoutServerPaths(@TempDir Path dir) throws Exception {
        Path template = Files.writeString(dir.resolve("chat_template.jinja"), """
                {%- if messages[0].role != 'user' %}{{ raise_exception('the first message must be from the user') }}{% endif %}
                {%- for m in messages %}{{ m.role }}: {{ m.content }}{% endfor %}""");
        ForwardingGuard templated = new ForwardingGuard(KeywordGuard.standard()) {
            @Override
            public ChatFormat chatFormat() {
                return ChatFormat.forTokenizer(template);
            }

            @Override
            public ScoreResult scoreConversation(Conversation conversation, double threshold) {
                if (conversation.messages().size() > 2) {
                    throw new IllegalArgumentException(dir + " holds no room for more than two turns");
                }
                return super.scoreConversation(conversation, threshold);
            }
        };
        try (SirenServer server = SirenServer.start(templated, ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            String user = "{\"role\": \"user\", \"content\": \"hi\"}";
            String system = "{\"role\": \"system\", \"content\": \"be kind\"}";
            TestClient.Answer unrenderable = client.post("/v1/score", "{\"messages\": [" + system + ", " + user + "]}");
            assertEquals(400, unrenderable.status(), unrenderable.body());
            assertEquals("invalid_conversation", unrenderable.error().get("code").asText());
            assertTrue(unrenderable.body().contains("the first message must be from the user"), unrenderable.body());
            TestClient.Answer refused = client.post("/v1/score",
                    "{\"messages\": [" + user + ", " + user + ", " + user + "]}");
            assertEquals(400, refused.status(), refused.body());
            assertEquals("invalid_input", refused.error().get("code").asText());
            assertTrue(refused.body().contains("holds no room"), refused.body());
            for (TestClient.Answer answer : List.of(unrenderable, refused)) {
                assertFalse(answer.body().contains(dir.toString()), "a server path leaked: " + answer.body());
            }
            assertEquals(200, client.post("/v1/score", "{\"messages\": [" + user + "]}").status());
        }
    }

    @Test
    void conversationsCountAgainstTheClientsCap() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ForwardingGuard slow = new ForwardingGuard(KeywordGuard.standard()) {
            @Override
            public ScoreResult scoreConversation(Conversation conversation, double threshold) {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.scoreConversation(conversation, threshold);
            }
        };
        try (SirenServer server = SirenServer.start(slow, ServerConfig.builder().port(0).maxClientTokens(10).build())) {
            TestClient client = new TestClient(server.port());
            CompletableFuture<TestClient.Answer> first =
                    CompletableFuture.supplyAsync(() -> client.post("/v1/score", toolCall("hello")));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            TestClient.Answer refused = client.post("/v1/score", toolCall("hello again"));
            assertEquals(429, refused.status(), refused.body());
            assertEquals("client_queue_full", refused.error().get("code").asText());
            release.countDown();
            assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
            assertEquals(200, client.post("/v1/score", toolCall("hello")).status(), "served again once answered");
        }
    }

    @Test
    void aGuardFailureIsA500AndTheServiceKeepsServing() throws Exception {
        ForwardingGuard broken = new ForwardingGuard(KeywordGuard.standard()) {
            @Override
            public ScoreResult scoreConversation(Conversation conversation, double threshold) {
                if (conversation.messages().getFirst().content().contains("NaN")) {
                    return ScoreResult.of(Double.NaN, threshold);
                }
                throw new IllegalStateException("the model broke");
            }
        };
        try (SirenServer server = SirenServer.start(broken, ServerConfig.builder().port(0).build())) {
            TestClient client = new TestClient(server.port());
            for (String content : List.of("NaN please", "anything")) {
                TestClient.Answer failed = client.post("/v1/score",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"" + content + "\"}]}");
                assertEquals(500, failed.status(), failed.body());
                assertEquals("internal_error", failed.error().get("code").asText());
            }
            TestClient.Answer text = client.post("/v1/score", "{\"prompt\": \"a bomb\"}");
            assertEquals(200, text.status(), text.body());
        }
    }
}
