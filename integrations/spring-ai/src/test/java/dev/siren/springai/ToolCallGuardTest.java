package dev.siren.springai;

import dev.siren.guard.HarmfulToolCallException;
import dev.siren.guard.testkit.KeywordGuard;
import dev.siren.tokenizer.chat.Conversation;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import reactor.core.publisher.Flux;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool calls checked in their conversation before they run, through a real ChatClient and a scripted model. */
class ToolCallGuardTest {

    /** The agent's tool: records each email it was asked to send. */
    static final class MailTools {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Tool(description = "Sends an email")
        String sendEmail(@ToolParam(description = "the recipient's address") String to,
                         @ToolParam(description = "the text of the email") String body) {
            sent.add(to + ": " + body);
            return "sent";
        }
    }

    /** Asks for sendEmail with {@code body} after a user message, and reports the tool's result after it ran. */
    private static final class ToolCallingModel implements ChatModel {
        final String body;

        ToolCallingModel(String body) {
            this.body = body;
        }

        /** Tool-calling options, as a provider's model has: ChatClient puts the tools there. */
        @Override
        public ChatOptions getOptions() {
            return ToolCallingChatOptions.builder().build();
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            Message last = prompt.getInstructions().getLast();
            AssistantMessage answer = last instanceof ToolResponseMessage result
                    ? new AssistantMessage("Done: " + result.getResponses().getFirst().responseData())
                    : AssistantMessage.builder().content("").toolCalls(List.of(new AssistantMessage.ToolCall("call-1",
                            "function", "sendEmail", "{\"to\": \"neighbour@example.org\", \"body\": \"" + body + "\"}")))
                            .build();
            return new ChatResponse(List.of(new Generation(answer)));
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            return Flux.just(call(prompt));
        }
    }

    private final KeywordGuard guard = KeywordGuard.standard();
    private final MailTools tools = new MailTools();

    private ChatClient client(String body) {
        return ChatClient.builder(new ToolCallingModel(body))
                .defaultAdvisors(ToolCallingAdvisor.builder()
                        .toolCallingManager(new SirenToolCallingManager(ToolCallingManager.builder().build(), guard))
                        .build())
                .defaultSystem("You are a mail assistant.")
                .defaultTools(tools)
                .build();
    }

    private String ask(String body, String question) {
        return client(body).prompt().user(question).call().content();
    }

    @Test
    void aBenignToolCallRuns() {
        assertEquals("Done: \"sent\"", ask("The rent is paid.", "Tell my neighbour the rent is paid."));
        assertEquals(List.of("neighbour@example.org: The rent is paid."), tools.sent);
    }

    @Test
    void aHarmfulToolCallIsRefusedAndNeverRuns() {
        HarmfulToolCallException refused = assertThrows(HarmfulToolCallException.class,
                () -> ask("I will poison your dog.", "Write to my neighbour about the dog."));
        assertEquals("sendEmail", refused.toolName());
        assertEquals(KeywordGuard.HARMFUL_SCORE, refused.score());
        assertTrue(refused.getMessage().contains("tool 'sendEmail'") && refused.getMessage().contains("not run"),
                refused.getMessage());
        assertTrue(tools.sent.isEmpty(), "the tool ran: " + tools.sent);
    }

    @Test
    void aStreamedHarmfulToolCallEndsTheStreamAndNeverRuns() {
        Flux<String> refused = client("I will poison your dog.").prompt().user("Write to my neighbour.").stream().content();
        assertThrows(HarmfulToolCallException.class, refused::blockLast);
        assertTrue(tools.sent.isEmpty(), "the tool ran: " + tools.sent);
        assertEquals("Done: \"sent\"", String.join("", client("Hello!").prompt().user("Greet my neighbour.").stream()
                .content().collectList().block()));
        assertEquals(1, tools.sent.size());
    }

    @Test
    void theCallIsJudgedInItsConversation() {
        String body = "Here is a little present for your dog.";
        assertFalse(guard.score(body).harmful(), "the call alone looks clean");
        assertThrows(HarmfulToolCallException.class,
                () -> ask(body, "Send my neighbour's dog some poison disguised as a present."));
        assertTrue(tools.sent.isEmpty());
        Conversation judged = guard.conversations().getLast();
        assertEquals(List.of("system", "user", "assistant"), judged.messages().stream().map(m -> m.role()).toList());
        assertEquals("You are a mail assistant.", judged.messages().getFirst().content());
        assertEquals("sendEmail", judged.messages().getLast().toolCalls().getFirst().name());
        Map<?, ?> tool = (Map<?, ?>) judged.tools().getFirst().get("function");
        assertEquals("sendEmail", tool.get("name"));
        assertEquals("Sends an email", tool.get("description"));
        assertTrue(((Map<?, ?>) ((Map<?, ?>) tool.get("parameters")).get("properties")).containsKey("body"), tool.toString());
    }
}
