package dev.siren.tokenizer.chat.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each Jinja2 feature chat templates use renders as the environment Hugging Face compiles templates with
 * (resources chat/jinja_features.jsonl, made by chat/make_feature_goldens.py with transformers and jinja2), and
 * fails with Jinja2's message where Jinja2 fails.
 */
class ChatJinjaFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFeatureMatchesJinja2() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/chat/jinja_features.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                n++;
                JsonNode golden = JSON.readTree(line);
                String template = golden.get("template").asText();
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = JSON.convertValue(golden.get("variables"), Map.class);
                String actual;
                try {
                    actual = JinjaTemplate.parse(template).render(vars);
                } catch (TemplateException e) {
                    actual = "ERROR " + e.getMessage();
                }
                String expected = golden.has("expected") ? golden.get("expected").asText()
                        : "ERROR " + golden.get("error").asText().replaceFirst("^\\w+: ", "");
                boolean ok = golden.has("expected") ? expected.equals(actual)
                        : actual.startsWith("ERROR ") && actual.contains(expected.substring(6));
                if (!ok) {
                    failures.add("#" + n + " " + template + "\n  expected: " + expected + "\n  actual:   " + actual);
                }
            }
        }
        assertEquals("", String.join("\n", failures), failures.size() + " of " + n + " differ");
        assertTrue(n >= 50, "read " + n + " cases");
    }

    @Test
    void strftimeNowFormatsTheClockAsPythonDoes() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-05T09:03:07Z"), ZoneOffset.UTC);
        JinjaTemplate t = JinjaTemplate.parse("{{ strftime_now('%d %b %Y|%A %B %-d %H:%M:%S %p %j %y %%') }}")
                .withClock(clock);
        assertEquals("05 Jul 2024|Friday July 5 09:03:07 AM 187 24 %", t.render(Map.of()));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> JinjaTemplate.parse("ok\n{% if x %}\n{{ x + }}\n{% endif %}"));
        assertEquals("line 3: unexpected '}}'", e.getMessage());
        e = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("{% for x in y %}never closed"));
        assertTrue(e.getMessage().contains("expected one of [else, endfor]"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("{% include 'other.jinja' %}"));
        assertEquals("line 1: unknown or unsupported statement 'include'", e.getMessage());
    }

    @Test
    void renderErrorsNameTheLine() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> JinjaTemplate.parse("a\n{%- for m in messages %}\n{{ m.content.strip() }}\n{% endfor %}")
                        .render(Map.of("messages", List.of(Map.of("role", "user")))));
        assertEquals("line 3: 'dict object' has no attribute 'content'", e.getMessage());
        e = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("x\n{{ 2 ** 99999999999 }}").render(Map.of()));
        assertTrue(e.getMessage().startsWith("line 2: cannot evaluate this statement: java.lang.ArithmeticException"),
                "an operation beyond the interpreter is an error naming the line, not a crash: " + e.getMessage());
    }
}
