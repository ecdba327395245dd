package dev.siren.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.siren.tokenizer.chat.Message;
import dev.siren.tokenizer.chat.ToolCall;
import dev.siren.tokenizer.json.StrictJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LangChain4j's messages and tool specifications in the OpenAI shape SIREN's conversations use. */
final class Conversations {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    private Conversations() {
    }

    /**
     * One message. A message SIREN cannot read (a provider's custom message) is an error rather than left out: a
     * conversation scored without part of it could pass as clean.
     */
    static Message message(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> Message.system(system.text());
            case UserMessage user -> Message.user(Texts.of(user));
            case AiMessage ai -> ai.hasToolExecutionRequests()
                    ? Message.assistant(textOf(ai), ai.toolExecutionRequests().stream().map(Conversations::call).toList())
                    : Message.assistant(textOf(ai));
            case ToolExecutionResultMessage result -> Message.tool(result.id(), result.text());
            default -> throw new IllegalArgumentException("SIREN cannot score a conversation holding a "
                    + message.type() + " message (" + message.getClass().getSimpleName() + ")");
        };
    }

    /** The assistant's text; "" when it only calls tools (chat templates expect a string). */
    static String textOf(AiMessage ai) {
        return ai.text() == null ? "" : ai.text();
    }

    static ToolCall call(ToolExecutionRequest request) {
        return new ToolCall(request.id(), request.name(), request.arguments() == null ? "{}" : request.arguments());
    }

    /** A tool as an OpenAI function definition {@code {"type": "function", "function": {name, description, parameters}}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tool(ToolSpecification specification) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        try {
            tool.put("function", JSON.readValue(specification.toJson(), Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the specification of tool " + specification.name(), e);
        }
        return tool;
    }

    static List<Map<String, Object>> tools(List<ToolSpecification> specifications) {
        return specifications == null || specifications.isEmpty() ? null
                : specifications.stream().map(Conversations::tool).toList();
    }
}
