package dev.siren.tokenizer.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function call an assistant made, in OpenAI's shape {@code {"id", "type": "function", "function": {"name",
 * "arguments"}}}. {@code arguments} is what the message carried: a JSON string (as OpenAI's API sends it) or a map
 * (as Hugging Face's examples pass it); templates render the two differently, so it is kept as given.
 *
 * @param id        the call's id, which the tool's result message refers to; may be null
 * @param name      the function's name
 * @param arguments a String, or a {@code Map<String, Object>} of JSON-like values
 */
public record ToolCall(String id, String name, Object arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        if (!(arguments instanceof String || arguments instanceof Map)) {
            throw new IllegalArgumentException("tool call arguments must be a JSON string or a map, found "
                    + (arguments == null ? "null" : arguments.getClass().getSimpleName()));
        }
    }

    /** The call as OpenAI's message JSON has it (the id left out when null). */
    public Map<String, Object> toMap() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", arguments);
        Map<String, Object> call = new LinkedHashMap<>();
        if (id != null) {
            call.put("id", id);
        }
        call.put("type", "function");
        call.put("function", function);
        return call;
    }
}
