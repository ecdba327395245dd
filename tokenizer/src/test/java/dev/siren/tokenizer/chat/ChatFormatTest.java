package dev.siren.tokenizer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.siren.tokenizer.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where templates are found, what they see, the Java model, the plain format, and the errors for bad input. */
class ChatFormatTest {
    private static final Conversation HELLO = Conversation.of(List.of(Message.user("hi")));

    @Test
    void chatTemplateJinjaWinsOverTokenizerConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": \"config\", \"bos_token\": {\"content\": \"<s>\", \"lstrip\": false},"
                        + " \"eos_token\": \"</s>\", \"pad_token\": null}");
        assertEquals("config", ChatFormat.forTokenizer(dir).render(HELLO));
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}{{ eos_token }}{{ pad_token is defined }}"
                + "{{ messages[0].content }}\n");
        ChatFormat f = ChatFormat.forTokenizer(dir.resolve("tokenizer_config.json")); // a file names its folder
        assertEquals("<s></s>Falsehi", f.render(HELLO), "AddedToken objects give their content; the trailing "
                + "newline is dropped as Jinja2 does");
    }

    @Test
    void namedTemplatesPickToolUseWhenToolsAreGiven(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ["
                + "{\"name\": \"default\", \"template\": \"plain {{ tools }}\"},"
                + "{\"name\": \"tool_use\", \"template\": \"tools {{ tools | length }}\"}]}");
        ChatFormat f = ChatFormat.forTokenizer(dir);
        assertEquals("plain None", f.render(HELLO), "no tool list: tools is none, as in transformers");
        assertEquals("tools 1", f.render(HELLO.withTools(List.of(Map.of("type", "function")))));
    }

    @Test
    void noTemplateMeansThePlainFormat(@TempDir Path dir) throws Exception {
        assertSame(ChatFormat.plain(), ChatFormat.forTokenizer(dir));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        assertSame(ChatFormat.plain(), ChatFormat.forTokenizer(dir));
    }

    @Test
    void javaModelRendersLikeTheSameJson() {
        String json = """
                {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "Q"},
                  {"role": "assistant", "content": "", "tool_calls": [{"id": "1", "type": "function",
                    "function": {"name": "f", "arguments": "{\\"a\\": 1}"}}]},
                  {"role": "tool", "tool_call_id": "1", "content": "R"}], "add_generation_prompt": true}
                """;
        Conversation built = new Conversation(List.of(Message.system("S"), Message.user("Q"),
                Message.assistant("", List.of(new ToolCall("1", "f", "{\"a\": 1}"))), Message.tool("1", "R")),
                null, true);
        Conversation read = Conversation.fromJson(json, "test");
        assertEquals(read, built);
        assertEquals(List.of(new ToolCall("1", "f", "{\"a\": 1}")), read.messages().get(2).toolCalls());
        assertEquals("system: S\nuser: Q\nassistant: \nassistant calls f: {\"a\": 1}\ntool: R\nassistant:",
                ChatFormat.plain().render(built));
    }

    @Test
    void plainFormatOfContentPartsAndObjectArguments() {
        Conversation c = Conversation.fromJson("""
                {"messages": [{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "image"},
                                                          {"type": "text", "text": "b"}]},
                              {"role": "assistant", "content": null, "tool_calls": [
                                {"function": {"name": "g", "arguments": {"x": [1, 2.5, null], "é": true}}}]}]}
                """, "test");
        assertEquals("user: a\nb\nassistant: \nassistant calls g: {\"x\": [1, 2.5, null], \"é\": true}",
                ChatFormat.plain().render(c));
    }

    @Test
    void badConversationsNameTheMessageAndField() {
        assertEquals("f.json: field 'messages[1].content' must be a string, null or a list of content parts, found 3",
                error("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": 3}]}"));
        assertEquals("f.json: field 'messages[0].tool_calls[1].function.name' is missing", error("{\"messages\": [{\"role\": "
                + "\"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": \"{}\"}},"
                + " {\"function\": {\"arguments\": {}}}]}]}"));
        assertEquals("f.json: field 'messages[0].tool_calls[0].function.arguments' must be a JSON string or an object, "
                + "found an array", error("{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"function\": "
                + "{\"name\": \"f\", \"arguments\": [1]}}]}]}"));
        assertEquals("f.json: field 'messages' is empty: a conversation needs at least one message", error("{\"messages\": []}"));
        assertEquals("f.json: field 'messages' is missing", error("{\"tools\": []}"));
        assertEquals("f.json: field 'tools[0]' must be an object, found \"get_weather\"",
                error("{\"messages\": [{\"role\": \"user\"}], \"tools\": [\"get_weather\"]}"));
        assertEquals("f.json: field 'add_generation_prompt' must be true or false, found \"yes\"",
                error("{\"messages\": [{\"role\": \"user\"}], \"add_generation_prompt\": \"yes\"}"));
        assertTrue(error("{\"messages\": [").startsWith("f.json: not valid JSON ("));
        assertTrue(error("{\"messages\": [], \"messages\": []}").startsWith("f.json: the key 'messages' appears twice"),
                error("{\"messages\": [], \"messages\": []}"));
    }

    @Test
    void templatesGivenAsTextRenderWithTheirSpecialTokens() {
        ChatTemplate t = ChatTemplate.of("{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}"
                + "{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}", Map.of("bos_token", "<s>"), "my.jinja");
        assertEquals("<s>[user]hi", t.render(HELLO));
        assertEquals("<s>[user]hi[assistant]", t.render(HELLO.withGenerationPrompt(true)));
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> ChatTemplate.of("ok\n{% if %}", Map.of(), "my.jinja"));
        assertEquals("my.jinja: chat template line 2: unexpected '%}'", e.getMessage());
    }

    @Test
    void templateArgumentsCannotReplaceTheConversation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatFormat.plain().render(HELLO, Map.of("messages", List.of())));
        assertEquals("template argument 'messages' is set by the conversation", e.getMessage());
    }

    private static String error(String json) {
        return assertThrows(TokenizerException.class, () -> Conversation.fromJson(json, "f.json")).getMessage();
    }
}
