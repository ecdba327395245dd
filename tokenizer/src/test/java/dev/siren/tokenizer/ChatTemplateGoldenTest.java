package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.ChatTemplate;
import dev.siren.tokenizer.chat.Conversation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Qwen3 and Llama 3.1 chat templates render every golden conversation byte for byte as Hugging Face
 * transformers' apply_chat_template(..., tokenize=False) did (resources chat/*.jsonl, made by chat/make_goldens.py),
 * and fail where it failed.
 */
class ChatTemplateGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void qwen3MatchesHuggingFace() throws IOException {
        int checked = check(ChatFormat.forTokenizer(TestTokenizers.qwen3Folder()), "/chat/qwen3.jsonl");
        assertTrue(checked >= 150, "checked " + checked);
    }

    @Test
    void llama31MatchesHuggingFace() throws IOException {
        int checked = check(ChatFormat.forTokenizer(LlamaTokenizerFile.folder()), "/chat/llama3_1.jsonl");
        assertTrue(checked >= 120, "checked " + checked);
    }

    private static int check(ChatFormat format, String goldens) throws IOException {
        assertTrue(format instanceof ChatTemplate, "the tokenizer's own template, not the plain format");
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TestTokenizers.resource(goldens), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine(), n++) {
                JsonNode golden = JSON.readTree(line);
                Conversation c = Conversation.fromJson(golden.get("conversation").toString(), goldens + ":" + (n + 1));
                Map<String, Object> kwargs = JSON.convertValue(golden.get("kwargs"), Map.class);
                if (golden.has("error")) {
                    TokenizerException e = assertThrows(TokenizerException.class, () -> format.render(c, kwargs),
                            "line " + (n + 1) + " failed in Hugging Face: " + golden.get("error").asText());
                    assertTrue(e.getMessage().contains("chat template line "), e.getMessage());
                    continue;
                }
                String expected = golden.get("expected").asText();
                String actual = format.render(c, kwargs);
                if (!expected.equals(actual)) {
                    failures.add("line " + (n + 1) + ":\n--- expected\n" + expected + "\n--- actual\n" + actual);
                }
            }
        }
        assertEquals(List.of(), failures.size() > 3 ? failures.subList(0, 3) : failures,
                failures.size() + " of " + n + " conversations differ");
        return n;
    }
}
