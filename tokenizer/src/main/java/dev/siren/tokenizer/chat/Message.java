package dev.siren.tokenizer.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of an OpenAI-style conversation. It keeps every field of the message as given (JSON-like values, in
 * order), since a chat template may read any of them ({@code reasoning_content}, {@code name}, ...); the accessors
 * read the common ones.
 */
public record Message(Map<String, Object> fields) {

    public Message {
        if (!(fields.get("role") instanceof String)) {
            throw new IllegalArgumentException("a message needs a string 'role'");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Message system(String content) {
        return of("system", content);
    }

    public static Message user(String content) {
        return of("user", content);
    }

    public static Message assistant(String content) {
        return of("assistant", content);
    }

    /** An assistant turn that calls tools; {@code content} is often "" (Qwen3's template needs a string there). */
    public static Message assistant(String content, List<ToolCall> toolCalls) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", "assistant");
        f.put("content", content);
        f.put("tool_calls", toolCalls.stream().map(ToolCall::toMap).toList());
        return new Message(f);
    }

    /** A tool's result (or error text) for the call with id {@code toolCallId} (may be null). */
    public static Message tool(String toolCallId, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", "tool");
        if (toolCallId != null) {
            f.put("tool_call_id", toolCallId);
        }
        f.put("content", content);
        return new Message(f);
    }

    private static Message of(String role, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", role);
        f.put("content", content);
        return new Message(f);
    }

    public String role() {
        return (String) fields.get("role");
    }

    /** The content when it is a string; null when absent, null, or a list of parts. */
    public String content() {
        return fields.get("content") instanceof String s ? s : null;
    }

    /** The tool calls of an assistant message (empty when none). */
    public List<ToolCall> toolCalls() {
        List<ToolCall> out = new ArrayList<>();
        if (fields.get("tool_calls") instanceof List<?> calls) {
            for (Object c : calls) {
                Map<?, ?> call = (Map<?, ?>) c;
                Map<?, ?> function = call.get("function") instanceof Map<?, ?> f ? f : call;
                out.add(new ToolCall(call.get("id") instanceof String id ? id : null, (String) function.get("name"),
                        function.get("arguments")));
            }
        }
        return out;
    }
}
