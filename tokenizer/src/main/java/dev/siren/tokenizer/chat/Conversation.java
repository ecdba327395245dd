package dev.siren.tokenizer.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a chat template renders: OpenAI-style messages, the tools the assistant may call (JSON schemas in OpenAI's
 * {@code {"type": "function", "function": {...}}} shape, passed to the template as given), and whether to end with
 * the header of the assistant's next turn.
 *
 * @param tools null when the conversation has no tool list (templates see {@code tools} as none)
 */
public record Conversation(List<Message> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt) {
    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);
    private static final Set<String> FIELDS = Set.of("messages", "tools", "add_generation_prompt");

    public Conversation {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
        messages = List.copyOf(messages);
        tools = tools == null ? null : List.copyOf(tools);
    }

    public static Conversation of(List<Message> messages) {
        return new Conversation(messages, null, false);
    }

    public Conversation withTools(List<Map<String, Object>> tools) {
        return new Conversation(messages, tools, addGenerationPrompt);
    }

    public Conversation withGenerationPrompt(boolean add) {
        return new Conversation(messages, tools, add);
    }

    /** Reads a conversation file: {@code {"messages": [...], "tools": [...]?, "add_generation_prompt": bool?}}. */
    public static Conversation read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TokenizerException("cannot read the conversation file " + file + ": " + e.getMessage(), e);
        }
        return fromJson(text, file.toString());
    }

    /**
     * Parses and checks a conversation; a mistake is a {@link TokenizerException} naming {@code source}, the
     * message index and the field, e.g. {@code chat.json: messages[2].tool_calls[0].function.name is missing}.
     */
    public static Conversation fromJson(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerException(source + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        }
        JsonFields top = JsonFields.of(root, source, "", TokenizerException::new);
        if (root == null || !root.isObject()) {
            throw new TokenizerException(source + ": expected a JSON object {\"messages\": [...], \"tools\": [...]?, "
                    + "\"add_generation_prompt\": bool?}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw top.error("has an unknown field '" + name + "' (expected messages, tools, add_generation_prompt)");
            }
        }
        List<JsonFields> items = top.required("messages").elements();
        if (items.isEmpty()) {
            throw top.get("messages").error("is empty: a conversation needs at least one message");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonFields m : items) {
            messages.add(message(m));
        }
        List<Map<String, Object>> tools = null;
        if (top.has("tools")) {
            tools = new ArrayList<>();
            for (JsonFields t : top.get("tools").elements()) {
                tools.add(object(t));
            }
        }
        return new Conversation(messages, tools, top.bool("add_generation_prompt", false));
    }

    private static Message message(JsonFields m) {
        Map<String, Object> fields = object(m);
        m.string("role");
        JsonNode content = m.node().get("content");
        if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
            throw m.get("content").mismatch("a string, null or a list of content parts");
        }
        if (m.has("tool_calls")) {
            for (JsonFields call : m.get("tool_calls").elements()) {
                object(call);
                JsonFields function = call.has("function") ? call.get("function") : call;
                object(function);
                function.string("name");
                JsonNode arguments = function.required("arguments").node();
                if (!arguments.isTextual() && !arguments.isObject()) {
                    throw function.get("arguments").mismatch("a JSON string or an object");
                }
            }
        }
        return new Message(fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(JsonFields c) {
        if (!c.node().isObject()) {
            throw c.mismatch("an object");
        }
        return (Map<String, Object>) JsonValues.toJava(c.node());
    }
}
