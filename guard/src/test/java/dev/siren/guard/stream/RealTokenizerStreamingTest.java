package dev.siren.guard.stream;

import dev.siren.guard.RandomChunks;
import dev.siren.guard.TextContract;
import dev.siren.guard.TokenEncoder;
import dev.siren.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming tokenisation against the real Qwen3 tokenizer (151k-token byte-level BPE, added tokens such as
 * &lt;|im_end|&gt;): after every append the ids equal tokenising the whole text at once. The tokenizer.json is
 * the tokenizer module's own test fixture (Apache-2.0; see tokenizer/src/test/resources/README.md), read from the
 * sibling module so the repository holds one copy.
 */
class RealTokenizerStreamingTest {

    private static final Path QWEN3 = Path.of("../tokenizer/src/test/resources/qwen3-tokenizer.json.gz");
    private static TokenEncoder qwen3;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.exists(QWEN3), "missing fixture " + QWEN3.toAbsolutePath());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(QWEN3))) {
            qwen3 = TokenEncoder.of(Tokenizer.fromJson(in, QWEN3.toString()));
        }
    }

    private static final List<String> TEXTS = List.of(
            "Sure! Here's how to bake bread: first, mix 500g of flour with 350ml of water, then knead it for 10 minutes.",
            "<|im_start|>assistant\nI can't help with that request.<|im_end|>\n<|im_start|>user\nWhy not?<|im_end|>",
            "def harmful(x):\n    return x ** 2  # squares\n\n\nprint(harmful(12345678))\t\t# tabs and    spaces",
            "日本語の文章と中文句子，混在しています。😀👍🏽 Ελληνικά — naïve café résumé… “quotes” ‘single’",
            "https://example.com/very/long/path?with=query&and=params#fragment" + "x9".repeat(40),
            "   \n\n leading blank lines, then words          with   runs of spaces   and a trailing newline\n");

    @Test
    void idsEqualOneShotForManyRandomChunkings() {
        Random random = new Random(31);
        for (String text : TEXTS) {
            for (int trial = 0; trial < 8; trial++) {
                GrowingTokenization growing = new GrowingTokenization(qwen3, SpecialTokens.of(qwen3), 100_000);
                StringBuilder sofar = new StringBuilder();
                for (String chunk : RandomChunks.of(text, random, 1 + trial * 2)) {
                    growing.append(chunk);
                    sofar.append(chunk);
                    int[] oneShot = qwen3.encode(TextContract.prepare(sofar.toString()), true);
                    assertArrayEquals(oneShot, growing.ids(), () -> "text so far: '" + sofar + "'");
                }
            }
        }
    }

    /**
     * Whitespace runs longer than the tail a stream keeps re-tokenisable, ending in text or in newlines that arrive
     * chunks later: Qwen's pre-tokenizer groups a run of spaces with the newlines after it, so a split point inside
     * or just after such a run must wait until the run is closed by something that is not whitespace.
     */
    @Test
    void longWhitespaceRunsStreamedInChunksMatchOneShot() {
        List<String> texts = List.of(
                "word" + " ".repeat(100) + "\n" + "next line",
                "word" + " ".repeat(90) + "x" + " ".repeat(100) + "\n\n" + "y" + "\t".repeat(80) + "\r\nz",
                "a b" + " \u00a0".repeat(50) + "\n" + " ".repeat(70) + "\u0301\u0301 end",
                "<|im_start|>" + " ".repeat(80) + "<|im_end|>" + " ".repeat(70) + "\n<|im_" + "end|>" + " ".repeat(65) + "q");
        Random random = new Random(41);
        for (String text : texts) {
            for (int maxChunk : new int[]{1, 3, 7, 20, 40, 66, 90, 130}) {
                GrowingTokenization growing = new GrowingTokenization(qwen3, SpecialTokens.of(qwen3), 100_000);
                StringBuilder sofar = new StringBuilder();
                for (String chunk : RandomChunks.of(text, random, maxChunk)) {
                    growing.append(chunk);
                    sofar.append(chunk);
                    int[] oneShot = qwen3.encode(TextContract.prepare(sofar.toString()), true);
                    assertArrayEquals(oneShot, growing.ids(), () -> "text so far: '" + sofar + "'");
                }
            }
        }
    }

    @Test
    void longAnswerSettlesSoRollbacksStaySmall() {
        String text = String.join(" ", TEXTS).repeat(6);
        int[] longestInput = {0};
        TokenEncoder measured = new TokenEncoder() {
            @Override
            public int[] encode(String input, boolean special) {
                longestInput[0] = Math.max(longestInput[0], input.length());
                return qwen3.encode(input, special);
            }

            @Override
            public int stableLength(String input) {
                return qwen3.stableLength(input);
            }
        };
        GrowingTokenization growing = new GrowingTokenization(measured, SpecialTokens.of(measured), 100_000);
        int maxRollback = 0;
        for (String chunk : RandomChunks.of(text, new Random(5), 12)) {
            maxRollback = Math.max(maxRollback, growing.append(chunk).rollback());
        }
        assertArrayEquals(qwen3.encode(TextContract.prepare(text), true), growing.ids());
        assertTrue(maxRollback <= IncrementalStreamSession.ROLLBACK_WINDOW, "largest rollback " + maxRollback);
        // Each append re-tokenises the chunk plus the last pre-tokens, not the text so far.
        assertTrue(longestInput[0] <= 12 + 40, "re-tokenised up to " + longestInput[0] + " characters of a "
                + text.length() + "-character text");
    }
}
