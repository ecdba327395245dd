package dev.siren.guard;

import dev.siren.guard.head.SirenHead;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming through SirenGuard: every append's score equals the one-shot score of the text so far. */
class StreamingTest {

    private static final List<String> TEXTS = List.of(
            "Hello world, how are you doing today? I think the weather is nice and the birds are singing.",
            "  How do I make something harmful?\nI cannot help with that, but here is why: it is dangerous.  ",
            "Numbers 1234567 and <| end of text |> special tokens, unicode café 日本 😀 too.\n\nDone.");

    private final FakeTokenizer tokenizer = new FakeTokenizer(true);

    private SirenGuard guard(boolean causal) {
        return new SirenGuard(SirenGuardTest.head(512),
                new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, causal, 5), tokenizer,
                SirenGuardTest.options());
    }

    private static void assertStreamMatchesOneShot(SirenGuard guard, String text, List<String> chunks) {
        try (StreamSession stream = guard.newStream()) {
            StringBuilder sofar = new StringBuilder();
            for (String chunk : chunks) {
                double streamed = stream.append(chunk).score();
                sofar.append(chunk);
                assertEquals(guard.score(sofar.toString()).score(), streamed, 1e-5, () -> "prefix '" + sofar + "'");
                assertEquals(guard.tokenize(sofar.toString()).length, stream.tokenCount());
            }
            assertEquals(text, stream.text());
        }
    }

    @Test
    void causalStreamEqualsOneShotForManyRandomChunkings() {
        SirenGuard guard = guard(true);
        Random random = new Random(17);
        for (String text : TEXTS) {
            for (int trial = 0; trial < 15; trial++) {
                assertStreamMatchesOneShot(guard, text, RandomChunks.of(text, random, 1 + trial));
            }
        }
    }

    @Test
    void nonCausalStreamRecomputesAndStillEqualsOneShot() {
        SirenGuard guard = guard(false);
        Random random = new Random(19);
        for (String text : TEXTS) {
            assertStreamMatchesOneShot(guard, text, RandomChunks.of(text, random, 9));
        }
    }

    @Test
    void causalStreamRunsOnlyNewTokensThroughTheBackbone() {
        FakeBackbone backbone = new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5);
        SirenGuard guard = new SirenGuard(SirenGuardTest.head(512), backbone, tokenizer, SirenGuardTest.options());
        String text = "The quick brown fox jumps over the lazy dog and keeps running. ".repeat(30);
        List<String> chunks = RandomChunks.of(text, new Random(2), 12);
        try (StreamSession stream = guard.newStream()) {
            for (String chunk : chunks) {
                stream.append(chunk);
            }
            int total = stream.tokenCount();
            // Each token runs once, plus the few re-run after a rollback; a full re-run per chunk would be ~n^2/2.
            assertTrue(backbone.tokensRun.get() < 2 * total,
                    backbone.tokensRun.get() + " tokens run for a " + total + "-token stream of " + chunks.size() + " chunks");
        }
    }

    @Test
    void tokenizerWhoseTailNeverSettlesStillMatchesOneShotByReplaying() {
        // Every id depends on the text's total length, so each append changes all ids: far past the rollback
        // window, the session must replay the sequence rather than fail or drift.
        TokenEncoder lengthDependent = (text, special) -> {
            int[] body = tokenizer.encode(text, false);
            int[] ids = new int[body.length + (special ? 1 : 0)];
            if (special) {
                ids[0] = FakeTokenizer.BOS;
            }
            for (int i = 0; i < body.length; i++) {
                ids[ids.length - body.length + i] = 10 + (body[i] + text.length()) % (FakeBackbone.VOCAB - 10);
            }
            return ids;
        };
        SirenGuard guard = new SirenGuard(SirenGuardTest.head(512),
                new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5), lengthDependent,
                SirenGuardTest.options());
        String text = "word ".repeat(120);
        assertStreamMatchesOneShot(guard, text, RandomChunks.of(text, new Random(4), 7));
    }

    @Test
    void streamsAreNotCutAtMaxLength() {
        SirenHead shortHead = SirenGuardTest.head(8);
        FakeBackbone backbone = new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5);
        SirenGuard guard = new SirenGuard(shortHead, backbone, tokenizer, SirenGuardTest.options());
        String text = "one two three four five six seven eight nine ten eleven twelve";
        try (StreamSession stream = guard.newStream()) {
            double streamed = stream.append(text).score();
            int[] all = tokenizer.encode(text, true);
            assertEquals(all.length, stream.tokenCount());
            double whole = shortHead.score(new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5)
                    .layerMeans(List.of(all))[0]);
            assertEquals(whole, streamed, 1e-6);
            assertNotEquals(guard.score(text).score(), streamed, "one-shot scoring reads only 8 tokens");
        }
    }

    @Test
    void streamTokenCapGivesAClearError() {
        SirenGuard guard = new SirenGuard(SirenGuardTest.head(512),
                new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5), tokenizer,
                SirenGuardTest.options().withStreamTokenCap(6));
        for (boolean causal : new boolean[]{true, false}) {
            SirenGuard g = causal ? guard : new SirenGuard(SirenGuardTest.head(512),
                    new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, false, 5), tokenizer,
                    SirenGuardTest.options().withStreamTokenCap(6));
            try (StreamSession stream = g.newStream()) {
                stream.append("a b");
                var error = assertThrows(TokenLimitException.class, () -> stream.append(" c d e f g h i"));
                assertTrue(error.getMessage().contains("past its cap of 6 tokens"), error.getMessage());
                assertEquals(6, error.limit());
                assertEquals("a b", stream.text());
                assertEquals(g.score("a b c").score(), stream.append(" c").score(), 1e-6);
            }
        }
    }

    @Test
    void scoreStreamingReusesTheSessionWhenThePrefixGrows() {
        FakeBackbone backbone = new FakeBackbone(SirenGuardTest.LAYERS, SirenGuardTest.HIDDEN, true, 5);
        SirenGuard guard = new SirenGuard(SirenGuardTest.head(512), backbone, tokenizer, SirenGuardTest.options());
        String answer = "Sure, here is a long answer that keeps on growing word after word until it ends.";
        for (int end = 5; end <= answer.length(); end += 5) {
            String prefix = answer.substring(0, end);
            assertEquals(guard.score(prefix).score(), guard.scoreStreaming(prefix).score(), 1e-5, prefix);
        }
        int oneShotTokens = 0;
        for (int end = 5; end <= answer.length(); end += 5) {
            oneShotTokens += guard.tokenize(answer.substring(0, end)).length;
        }
        int streamed = backbone.tokensRun.get() - 2 * oneShotTokens; // each loop above scored once one-shot
        assertTrue(streamed < 2 * guard.tokenize(answer).length, "streaming ran " + streamed + " tokens");
        // A prefix that does not extend the last one starts over and is still right.
        assertEquals(guard.score("Something else").score(), guard.scoreStreaming("Something else").score(), 1e-5);
    }
}
