package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Truncation, batching, settings and special-token accessors, thread safety. */
class TokenizerApiTest {
    private static final String LONG_TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(40);

    @Test
    void miniLmFileSettingsAreExposedButNeverApplied() {
        Tokenizer miniLm = TestTokenizers.wordPiece("all-minilm-l6-v2-tokenizer.json");
        assertEquals(128, miniLm.truncation().orElseThrow().maxLength());
        assertEquals(128, miniLm.padding().orElseThrow().fixedLength());
        int[] ids = miniLm.encode(LONG_TEXT, true);
        assertEquals(2 + 40 * 10, ids.length, "no truncation to 128, no padding");
        assertEquals(3, miniLm.encode("hi", true).length, "[CLS] hi [SEP], no padding to 128");
    }

    @Test
    void truncationKeepsSpecialTokensAsHuggingFaceDoes() {
        Tokenizer miniLm = TestTokenizers.wordPiece("all-minilm-l6-v2-tokenizer.json");
        int[] full = miniLm.encode(LONG_TEXT, true);
        int[] cut = miniLm.encode(LONG_TEXT, true, 10);
        assertEquals(10, cut.length);
        assertEquals(101, cut[0]);
        assertEquals(102, cut[9]);
        assertArrayEquals(Arrays.copyOfRange(full, 1, 9), Arrays.copyOfRange(cut, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> miniLm.encode("x", true, 1));

        Tokenizer qwen = TestTokenizers.qwen3();
        assertArrayEquals(Arrays.copyOf(qwen.encode(LONG_TEXT, true), 7), qwen.encode(LONG_TEXT, true, 7));
        assertEquals(3, qwen.encode("a b c d e", false, 3).length);
    }

    @Test
    void llamaTruncationKeepsBeginOfText() {
        Tokenizer llama = TestTokenizers.llama31();
        int[] llamaCut = llama.encode(LONG_TEXT, true, 5);
        assertArrayEquals(Arrays.copyOf(llama.encode(LONG_TEXT, true), 5), llamaCut);
        assertEquals(128000, llamaCut[0]);
        assertEquals(1, llama.encode("", true, 1).length);
    }

    @Test
    void batchIsRightPaddedWithMask() {
        Tokenizer miniLm = TestTokenizers.wordPiece("all-minilm-l6-v2-tokenizer.json");
        BatchEncoding batch = miniLm.encodeBatch(List.of("hello world", "hi", LONG_TEXT), true, 16);
        assertEquals(16, batch.paddedLength());
        assertArrayEquals(new int[] {4, 3, 16}, batch.lengths());
        assertArrayEquals(miniLm.encode("hi", true), Arrays.copyOf(batch.ids()[1], 3));
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, Arrays.copyOf(batch.attentionMask()[1], 5));
        assertEquals(0, batch.ids()[1][3], "padded with [PAD] = 0");
        assertArrayEquals(miniLm.encode(LONG_TEXT, true, 16), batch.ids()[2]);
    }

    @Test
    void specialTokenIds() {
        Tokenizer qwen = TestTokenizers.qwen3();
        assertEquals(OptionalInt.empty(), qwen.bosTokenId());
        assertEquals(OptionalInt.of(151645), qwen.eosTokenId());
        assertEquals(OptionalInt.of(151643), qwen.padTokenId());
        assertEquals(0, qwen.specialTokensBefore().length);

        Tokenizer bge = TestTokenizers.wordPiece("bge-small-en-v1.5-tokenizer.json");
        assertEquals(OptionalInt.of(101), bge.clsTokenId());
        assertEquals(OptionalInt.of(102), bge.sepTokenId());
        assertEquals(OptionalInt.of(0), bge.padTokenId());
        assertEquals(OptionalInt.of(100), bge.unkTokenId());
        assertEquals(OptionalInt.of(103), bge.maskTokenId());
    }

    @Test
    void llamaSpecialTokenIds() {
        Tokenizer llama = TestTokenizers.llama31();
        assertEquals(OptionalInt.of(128000), llama.bosTokenId());
        assertEquals(OptionalInt.of(128009), llama.eosTokenId());
        assertArrayEquals(new int[] {128000}, llama.specialTokensBefore());
    }

    @Test
    void concurrentEncodingGivesTheSameIds() throws Exception {
        Tokenizer qwen = TestTokenizers.qwen3();
        TextGenerator generator = new TextGenerator(42);
        List<String> texts = IntStream.range(0, 400).mapToObj(generator::next).toList();
        List<int[]> expected = texts.stream().map(t -> qwen.encode(t, false)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 4).mapToObj(k -> pool.submit(() -> {
                for (int i = texts.size() - 1; i >= 0; i--) {
                    if (!Arrays.equals(expected.get(i), qwen.encode(texts.get(i), false))) {
                        return false;
                    }
                }
                return true;
            })).toList();
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void preTokensTileTheTextAndTokenizeIndependently() {
        Tokenizer llama = TestTokenizers.llama31();
        String text = "Hello  world<|eot_id|>\n\n  x = 12345;";
        List<PreToken> pieces = llama.preTokenize(text);
        assertEquals("Hello", pieces.get(0).text());
        assertTrue(pieces.stream().anyMatch(p -> p.addedToken() && p.text().equals("<|eot_id|>")));
        int expectedStart = 0;
        for (PreToken p : pieces) {
            assertEquals(expectedStart, p.start(), "pieces tile the text: " + pieces);
            expectedStart = p.end();
        }
        assertEquals(text.codePointCount(0, text.length()), expectedStart);
    }
}
