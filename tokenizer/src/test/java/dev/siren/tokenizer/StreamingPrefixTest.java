package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Tokenizer#stableLength}: for a text cut anywhere, the ids of the whole text are the ids of the stable prefix
 * of the cut text followed by the ids of the rest, so a streaming caller may keep the former.
 */
class StreamingPrefixTest {

    @Test
    void qwen3() {
        check(TestTokenizers.qwen3(), 11);
    }

    @Test
    void llama31() {
        check(TestTokenizers.llama31(), 12);
    }

    @Test
    void wordPiece() {
        check(TestTokenizers.wordPiece("bge-small-en-v1.5-tokenizer.json"), 13);
    }

    @Test
    void newlineRunsAndPartialSpecialTokens() {
        Tokenizer qwen = TestTokenizers.qwen3();
        assertEquals(1, qwen.stableLength("a\n "), "'\\n' and ' ' can still merge into a newline run");
        assertEquals("hi ab".length(), qwen.stableLength("hi ab\n \t"));
        assertEquals("hi".length(), qwen.stableLength("hi <|im_"), "a partial <|im_end|>, with the ' <|' piece");
    }

    private static void check(Tokenizer tokenizer, long seed) {
        TextGenerator generator = new TextGenerator(seed);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String text = generator.next(i);
            int cut = text.offsetByCodePoints(0, random.nextInt(text.codePointCount(0, text.length()) + 1));
            int stable = tokenizer.stableLength(text.substring(0, cut));
            int[] whole = tokenizer.encode(text, false);
            int[] joined = IntStream.concat(Arrays.stream(tokenizer.encode(text.substring(0, stable), false)),
                    Arrays.stream(tokenizer.encode(text.substring(stable), false))).toArray();
            if (!Arrays.equals(whole, joined)) {
                failures.add(DifferentialTest.escape(text.substring(0, cut)) + " | "
                        + DifferentialTest.escape(text.substring(cut)) + " stable=" + stable);
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " failures");
    }
}
