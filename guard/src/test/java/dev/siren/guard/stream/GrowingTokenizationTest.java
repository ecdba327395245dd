package dev.siren.guard.stream;

import dev.siren.guard.FakeTokenizer;
import dev.siren.guard.RandomChunks;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.TextContract;
import dev.siren.guard.TokenLimitException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrowingTokenizationTest {

    static final List<String> TEXTS = List.of(
            "Hello world, how are you doing today? I think the weather is nice and the birds are singing.",
            "   leading and trailing whitespace   \n\n  with  double  spaces and\ttabs\n",
            "Numbers 1234567 and 12,345.678 mixed with words123abc and harmful harmless things",
            "Special <| end of text |> tokens <| end of text |><| end of text |> split across chunks, <| end of| fakes",
            "First line.\n\nSecond line, ends here!\nThird: a list -\n- item one;\n- item two.\n\n\nDone?!\n".repeat(4),
            "Unicode: naïve café, 日本語のテキスト, emoji 😀👍🏽 and Ελληνικά λέξεις \u00a0nbsp\u00a0 end",
            "https://example.com/a/b?query=1234567890&token=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=&x=y.z/" + "ab12".repeat(30),
            "这是一个没有空格的中文句子，它有标点符号。然后继续写下去，直到很长很长的时候！再来一句话。".repeat(3),
            "   ",
            "",
            "a".repeat(300) + " " + "the ".repeat(80) + "\n\n\n" + "x");

    private static void assertTracksOneShot(FakeTokenizer tokenizer, String text, List<String> chunks) {
        GrowingTokenization growing = new GrowingTokenization(tokenizer, SpecialTokens.of(tokenizer), 100_000);
        int[] current = new int[0];
        StringBuilder sofar = new StringBuilder();
        for (String chunk : chunks) {
            GrowingTokenization.Change change = growing.append(chunk);
            sofar.append(chunk);
            current = Arrays.copyOf(current, current.length - change.rollback());
            int[] next = Arrays.copyOf(current, current.length + change.append().length);
            System.arraycopy(change.append(), 0, next, current.length, change.append().length);
            current = next;
            int[] oneShot = tokenizer.encode(TextContract.prepare(sofar.toString()), true);
            assertArrayEquals(oneShot, current, () -> "after " + chunks + " of " + text);
            assertArrayEquals(oneShot, growing.ids());
        }
        assertEquals(text, growing.text());
    }

    @Test
    void idsEqualOneShotTokenisationForManyRandomChunkings() {
        Random random = new Random(11);
        for (boolean bos : new boolean[]{true, false}) {
            FakeTokenizer tokenizer = new FakeTokenizer(bos);
            for (String text : TEXTS) {
                for (int trial = 0; trial < 12; trial++) {
                    assertTracksOneShot(tokenizer, text, RandomChunks.of(text, random, 1 + trial % 12));
                }
                assertTracksOneShot(tokenizer, text, RandomChunks.of(text, random, 1)); // character by character
            }
        }
    }

    @Test
    void onlyTheUnstableTailIsRetokenised() {
        String prose = "The quick brown fox jumps over the lazy dog and keeps running through the field. ".repeat(80);
        String code = "for(int i=0;i<n;i++){sum+=a[i]*b[i];}x=f(y,z)+g(1234);".repeat(120); // no spaces at all
        for (String text : List.of(prose, code)) {
            FakeTokenizer tokenizer = new FakeTokenizer(true);
            GrowingTokenization growing = new GrowingTokenization(tokenizer, SpecialTokens.of(tokenizer), 100_000);
            int maxRollback = 0;
            for (String chunk : RandomChunks.of(text, new Random(3), 20)) {
                maxRollback = Math.max(maxRollback, growing.append(chunk).rollback());
            }
            int longestInput = tokenizer.longestInput;
            assertTrue(text.length() > 6000);
            assertArrayEquals(tokenizer.encode(TextContract.prepare(text), true), growing.ids());
            // Work per append is bounded by the chunk plus the unsettled last pre-tokens, not by the text so far.
            assertTrue(longestInput <= 20 + 20, // the chunk plus the last pre-token or two
                    "longest re-tokenised input: " + longestInput);
            assertTrue(maxRollback <= 40, "rolled back " + maxRollback + " tokens at once");
        }
    }

    @Test
    void aStableLengthThatDoesNotMatchTheIdsIsNotTaken() {
        // Claims "h|ello...": but "he" is one token, so the rest's ids are not the tail's last ids.
        FakeTokenizer fake = new FakeTokenizer(true);
        TokenEncoder wrongSplit = new TokenEncoder() {
            @Override
            public int[] encode(String text, boolean addSpecialTokens) {
                return fake.encode(text, addSpecialTokens);
            }

            @Override
            public int stableLength(String text) {
                return text.length() >= 3 ? 1 : 0;
            }
        };
        String text = "hello hello";
        GrowingTokenization growing = new GrowingTokenization(wrongSplit, SpecialTokens.of(wrongSplit), 100_000);
        for (int i = 0; i < text.length(); i++) {
            growing.append(text.substring(i, i + 1));
            assertArrayEquals(fake.encode(TextContract.prepare(text.substring(0, i + 1)), true), growing.ids(),
                    "after " + (i + 1));
        }
    }

    @Test
    void passingTheCapFailsAndLeavesTheStreamAsItWas() {
        FakeTokenizer tokenizer = new FakeTokenizer(true);
        GrowingTokenization growing = new GrowingTokenization(tokenizer, SpecialTokens.of(tokenizer), 10);
        growing.append("x y z");
        int[] before = growing.ids();
        var error = assertThrows(TokenLimitException.class, () -> growing.append(" a b c d e f g h"));
        assertTrue(error.getMessage().contains("past its cap of 10 tokens"), error.getMessage());
        assertEquals("x y z", growing.text());
        assertArrayEquals(before, growing.ids());
        growing.append(" q");
        assertEquals("x y z q", growing.text());
    }

    @Test
    void specialTokensAroundTheTextAreFound() {
        SpecialTokens withBos = SpecialTokens.of(new FakeTokenizer(true));
        assertArrayEquals(new int[]{FakeTokenizer.BOS}, withBos.prefix());
        assertArrayEquals(new int[0], withBos.suffix());
        SpecialTokens bertLike = SpecialTokens.of((text, special) -> {
            int[] body = new FakeTokenizer(false).encode(text, false);
            if (!special) {
                return body;
            }
            int[] ids = new int[body.length + 2];
            ids[0] = 101;
            System.arraycopy(body, 0, ids, 1, body.length);
            ids[ids.length - 1] = 102;
            return ids;
        });
        assertArrayEquals(new int[]{101}, bertLike.prefix());
        assertArrayEquals(new int[]{102}, bertLike.suffix());
    }
}
