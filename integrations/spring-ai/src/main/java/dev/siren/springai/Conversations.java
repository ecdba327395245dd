package dev.siren.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.chat.Message;
import dev.siren.tokenizer.chat.ToolCall;
import dev.siren.tokenizer.json.StrictJson;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.tool.definition.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spring AI's messages and tool definitions in the OpenAI shape SIREN's conversations use. */
final class Conversations {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    private Conversations() {
    }

    /** One Spring AI message as SIREN messages (a tool response message holds one result per call). */
    static List<Message> messages(org.springframework.ai.chat.messages.Message message) {
        return switch (message.getMessageType()) {
            case SYSTEM -> List.of(Message.system(textOf(message)));
            case USER -> List.of(Message.user(textOf(message)));
            case ASSISTANT -> List.of(assistant((AssistantMessage) message, ((AssistantMessage) message).getToolCalls()));
            case TOOL -> {
                List<Message> results = new ArrayList<>();
                for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) message).getResponses()) {
                    results.add(Message.tool(response.id(), response.responseData()));
                }
                yield results;
            }
        };
    }

    /** The assistant turn with only {@code calls} of its tool calls (all of them, or those up to one being checked). */
    static Message assistant(AssistantMessage message, List<AssistantMessage.ToolCall> calls) {
        return calls.isEmpty() ? Message.assistant(textOf(message))
                : Message.assistant(textOf(message), calls.stream().map(Conversations::call).toList());
    }

    private static ToolCall call(AssistantMessage.ToolCall call) {
        return new ToolCall(call.id(), call.name(), call.arguments() == null ? "{}" : call.arguments());
    }

    /** The text; "" for none (chat templates expect a string). */
    private static String textOf(org.springframework.ai.chat.messages.Message message) {
        return message.getText() == null ? "" : message.getText();
    }

    /** A tool as an OpenAI function definition {@code {"type": "function", "function": {name, description, parameters}}}. */
    static Map<String, Object> tool(ToolDefinition definition) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", definition.name());
        function.put("description", definition.description());
        try {
            function.put("parameters", JSON.readValue(definition.inputSchema(), Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the input schema of tool " + definition.name(), e);
        }
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }
}
