package dev.siren.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import dev.siren.guard.HarmfulToolCallException;
import dev.siren.guard.testkit.KeywordGuard;
import dev.siren.tokenizer.chat.Conversation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool calls checked in their conversation before they run, through a real AiService and a scripted model. */
class ToolCallGuardTest {

    interface Agent {
        @SystemMessage("You are a mail assistant.")
        String chat(String message);
    }

    interface StreamingAgent {
        TokenStream chat(String message);
    }

    /** The agent's tool: records each email it was asked to send. */
    static final class MailTools {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Tool("Sends an email")
        String sendEmail(@P("the recipient's address") String to, @P("the text of the email") String body) {
            sent.add(to + ": " + body);
            return "sent";
        }
    }

    /** Asks for sendEmail with {@code body} after a user message, and reports the tool's result after it ran. */
    private static ChatResponse answer(ChatRequest request, String body) {
        if (request.messages().getLast() instanceof ToolExecutionResultMessage result) {
            return ChatResponse.builder().aiMessage(AiMessage.from("Done: " + result.text())).build();
        }
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-1").name("sendEmail")
                .arguments("{\"to\": \"neighbour@example.org\", \"body\": \"" + body + "\"}").build();
        return ChatResponse.builder().aiMessage(AiMessage.from(List.of(call))).build();
    }

    private final KeywordGuard guard = KeywordGuard.standard();
    private final MailTools tools = new MailTools();

    private final ChatMemory memory = MessageWindowChatMemory.withMaxMessages(20);

    private Agent agent(String body) {
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return answer(request, body);
            }
        };
        return AiServices.builder(Agent.class)
                .chatModel(new SirenToolCallChatModel(model, guard))
                .chatMemory(memory)
                .tools(tools)
                .build();
    }

    @Test
    void aBenignToolCallRuns() {
        assertEquals("Done: sent", agent("The rent is paid.").chat("Tell my neighbour the rent is paid."));
        assertEquals(List.of("neighbour@example.org: The rent is paid."), tools.sent);
    }

    @Test
    void aHarmfulToolCallIsRefusedAndNeverRuns() {
        HarmfulToolCallException refused = assertThrows(HarmfulToolCallException.class,
                () -> agent("I will poison your dog.").chat("Write to my neighbour about the dog."));
        assertEquals("sendEmail", refused.toolName());
        assertEquals(KeywordGuard.HARMFUL_SCORE, refused.score());
        assertTrue(refused.getMessage().contains("tool 'sendEmail'") && refused.getMessage().contains("not run"),
                refused.getMessage());
        assertTrue(tools.sent.isEmpty(), "the tool ran: " + tools.sent);
        assertTrue(memory.messages().stream().noneMatch(m -> m instanceof AiMessage ai && ai.hasToolExecutionRequests()),
                "the refused call must not stay in the memory without a result: " + memory.messages());
    }

    @Test
    void theCallIsJudgedInItsConversation() {
        String body = "Here is a little present for your dog.";
        assertFalse(guard.score(body).harmful(), "the call alone looks clean");
        assertThrows(HarmfulToolCallException.class,
                () -> agent(body).chat("Send my neighbour's dog some poison disguised as a present."));
        assertTrue(tools.sent.isEmpty());
        Conversation judged = guard.conversations().getLast();
        assertEquals(List.of("system", "user", "assistant"), judged.messages().stream().map(m -> m.role()).toList());
        assertEquals("You are a mail assistant.", judged.messages().getFirst().content());
        assertEquals("sendEmail", judged.messages().getLast().toolCalls().getFirst().name());
        assertEquals("sendEmail", ((java.util.Map<?, ?>) judged.tools().getFirst().get("function")).get("name"));
    }

    /** A streaming model that streams nothing and completes with a request to call sendEmail. */
    private static StreamingChatModel streamingModel(String body) {
        return new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                handler.onCompleteResponse(answer(request, body));
            }
        };
    }

    private Throwable stream(String body) throws Exception {
        StreamingAgent agent = AiServices.builder(StreamingAgent.class)
                .streamingChatModel(new SirenStreamingChatModel(streamingModel(body), guard))
                .tools(tools)
                .build();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        agent.chat("Write to my neighbour.")
                .onPartialResponse(token -> { })
                .onCompleteResponse(response -> done.complete(null))
                .onError(done::complete)
                .start();
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamingAgentsHarmfulToolCallEndsTheStreamAndNeverRuns() throws Exception {
        Throwable error = stream("I will poison your dog.");
        assertInstanceOf(HarmfulToolCallException.class, error);
        assertTrue(tools.sent.isEmpty(), "the tool ran: " + tools.sent);
        assertEquals(null, stream("Hello!"), "a benign call runs and the answer completes");
        assertEquals(1, tools.sent.size());
    }
}
