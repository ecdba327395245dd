package dev.siren.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    private static final String TEMPLATE = "{%- for m in messages %}<|{{ m.role }}|>{{ m.content }}"
            + "{%- for c in m.tool_calls or [] %}<call>{{ c.function.arguments | tojson }}</call>{% endfor %}"
            + "{{ '\\n' }}"
            + "{% endfor %}{% if tools %}tools={{ tools | length }}{% endif %}"
            + "{% if add_generation_prompt %}<|assistant|>{{ bos_token }}"
            + "{% if enable_thinking is defined and enable_thinking is false %}<think></think>{% endif %}"
            + "{{ date_string | default('') }}{% endif %}";
    private static final String CONVERSATION = """
            {"messages": [{"role": "system", "content": "Sois bref."},
                          {"role": "user", "content": "Météo à 東京 ?"},
                          {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function",
                            "function": {"name": "get_weather", "arguments": {"city": "東京", "days": 2}}}]},
                          {"role": "tool", "tool_call_id": "c1", "content": "Error: timeout"}],
             "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}],
             "add_generation_prompt": true}
            """;

    private static Path model(Path dir, String template) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Map.of("chat_template", template, "bos_token", "<s>")));
        return dir;
    }

    @Test
    void printsTheRenderedTextExactly(@TempDir Path dir) throws Exception {
        Path conversation = Files.writeString(dir.resolve("chat.json"), CONVERSATION);
        String model = model(Files.createDirectory(dir.resolve("model")), TEMPLATE).toString();
        String expected = "<|system|>Sois bref.\n<|user|>Météo à 東京 ?\n"
                + "<|assistant|><call>{\"city\": \"東京\", \"days\": 2}</call>\n<|tool|>Error: timeout\n"
                + "tools=1<|assistant|><s>";
        CliRun r = CliRun.of("render", "--tokenizer", model, "--conversation", conversation.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(expected, r.out(), "the text, no newline added");
        r = CliRun.of("render", "--tokenizer", model, "--conversation", conversation.toString(),
                "--enable-thinking", "false", "--template-arg", "date_string=\"26 Jul 2024\"");
        assertEquals(expected + "<think></think>26 Jul 2024", r.out(), r.err());
        r = CliRun.of("render", "--tokenizer", model, "--conversation", conversation.toString(),
                "--enable-thinking", "true");
        assertEquals(expected, r.out(), r.err());
    }

    @Test
    void encodersGetThePlainFormat(@TempDir Path dir) throws Exception {
        Path conversation = Files.writeString(dir.resolve("chat.json"), CONVERSATION);
        CliRun r = CliRun.of("render", "--tokenizer", "all-minilm-l6-v2", "--conversation", conversation.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("tools: [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {}}}]\n"
                + "system: Sois bref.\nuser: Météo à 東京 ?\nassistant: \n"
                + "assistant calls get_weather: {\"city\": \"東京\", \"days\": 2}\ntool: Error: timeout\nassistant:", r.out());
    }

    @Test
    void mistakesGiveOneClearLine(@TempDir Path dir) throws Exception {
        String model = model(Files.createDirectory(dir.resolve("model")), TEMPLATE).toString();
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"},"
                + " {\"content\": \"no role\"}]}");
        CliRun r = CliRun.of("render", "--tokenizer", model, "--conversation", bad.toString());
        assertEquals(2, r.exit());
        assertEquals("siren render: " + bad + ": field 'messages[1].role' is missing\n", r.err());

        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                + " \"add_generation_promt\": true}");
        r = CliRun.of("render", "--tokenizer", model, "--conversation", typo.toString());
        assertEquals("siren render: " + typo + ": has an unknown field 'add_generation_promt' (expected messages, "
                + "tools, add_generation_prompt)\n", r.err());

        Path ok = Files.writeString(dir.resolve("ok.json"), "{\"messages\": [{\"role\": \"user\"}]}");
        r = CliRun.of("render", "--tokenizer", model(Files.createDirectory(dir.resolve("m2")),
                "line one\n{{ messages[0].content.strip() }}").toString(), "--conversation", ok.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().matches("siren render: .*tokenizer_config.json chat_template: chat template line 2: "
                + "'dict object' has no attribute 'content'\n"), r.err());

        r = CliRun.of("render", "--tokenizer", model(Files.createDirectory(dir.resolve("m3")), "{% if %}").toString(),
                "--conversation", ok.toString());
        assertTrue(r.err().matches("siren render: .*chat_template: chat template line 1: unexpected '%}'\n"), r.err());

        r = CliRun.of("render", "--tokenizer", dir.resolve("nope").toString(), "--conversation", ok.toString());
        assertTrue(r.err().startsWith("siren render: no such folder or file: "), r.err());

        r = CliRun.of("render", "--tokenizer", model, "--conversation", ok.toString(), "--template-arg", "x=not json");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren render: --template-arg x: the value is not JSON"), r.err());
        assertEquals("", r.out());
    }
}
