package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 100,000-character inputs that make backtracking regex engines or quadratic merge loops blow up (long whitespace
 * runs, one repeated character, a huge number) encode in well under a second, with Hugging Face's ids.
 */
class LongInputTest {
    private static final int N = 100_000;
    private static final List<String> INPUTS = List.of(
            " ".repeat(N), " ".repeat(N - 1) + "x", "\n".repeat(N), " \n".repeat(N / 2), "\t ".repeat(N / 2),
            "a".repeat(N), "!".repeat(N), "9".repeat(N), "é".repeat(N), "語".repeat(N), "😀".repeat(N / 2),
            "ab ".repeat(N / 3), "'s".repeat(N / 2), ("word" + " ".repeat(997)).repeat(N / 1001));
    private static final long BUDGET_MILLIS = 1000;

    @Test
    void qwen3() throws IOException {
        check(TestTokenizers.qwen3(), Path.of("target", "test-tokenizers", "qwen3", "tokenizer.json"));
    }

    @Test
    void llama31() throws IOException {
        check(TestTokenizers.llama31(), Path.of("target", "test-tokenizers", "llama3_1", "tokenizer.json"));
    }

    private static void check(Tokenizer tokenizer, Path json) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(Files.newInputStream(json),
                Map.of("truncation", "false", "padding", "false"))) {
            for (String input : INPUTS) {
                long best = Long.MAX_VALUE;
                int[] ids = null;
                for (int run = 0; run < 2; run++) {
                    long start = System.nanoTime();
                    ids = tokenizer.encode(input, false);
                    best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
                }
                String name = DifferentialTest.escape(input.substring(0, 8)) + "... (" + input.length() + " chars)";
                assertTrue(best < BUDGET_MILLIS, name + " took " + best + " ms");
                long[] expected = reference.encode(input, false, false).getIds();
                assertArrayEquals(expected, Arrays.stream(ids).asLongStream().toArray(), name);
            }
        }
    }
}
