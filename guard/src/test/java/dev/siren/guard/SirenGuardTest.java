package dev.siren.guard;

import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.head.TestHeads;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenGuardTest {

    static final int LAYERS = 3;
    static final int HIDDEN = 12;

    static GuardOptions options() {
        return GuardOptions.defaults().withProgress(Progress.NONE).withBatchSize(3);
    }

    static SirenHead head(int maxLength) {
        SirenHead random = TestHeads.random(TestHeads.backbone(LAYERS, HIDDEN), 6, new int[]{8, 4}, 21);
        return new SirenHead(random.backbone(), random.pooling(), maxLength, random.featureDtype(), random.layers(),
                random.classifier(), random.threshold(), random.provenance());
    }

    private final FakeTokenizer tokenizer = new FakeTokenizer(true);
    private final FakeBackbone backbone = new FakeBackbone(LAYERS, HIDDEN, true, 5);
    private final SirenGuard guard = new SirenGuard(head(512), backbone, tokenizer, options());

    /** The score computed step by step from the parts, independently of SirenGuard's code path. */
    private double expected(SirenHead head, String preparedText, int maxLength) {
        int[] ids = tokenizer.encode(preparedText, true);
        ids = java.util.Arrays.copyOf(ids, Math.min(ids.length, maxLength));
        return head.score(new FakeBackbone(LAYERS, HIDDEN, true, 5).layerMeans(List.of(ids))[0]);
    }

    @Test
    void scoreIsTheHeadOnTheBackboneMeansOfTheTokenisedText() {
        assertEquals(expected(guard.head(), "is this harmful?", 512), guard.score("is this harmful?").score());
    }

    @Test
    void textIsStrippedLikePythonAndEmptyReadsAsASpace() {
        assertEquals(guard.score("hello there").score(), guard.score(" \u00a0\n hello there\t\u2003").score());
        assertEquals(expected(guard.head(), " ", 512), guard.score("").score());
        assertEquals(guard.score("").score(), guard.score(" \n\t ").score());
    }

    @Test
    void onlyTheFirstMaxLengthTokensAreRead() {
        SirenGuard shortGuard = new SirenGuard(head(8), new FakeBackbone(LAYERS, HIDDEN, true, 5), tokenizer, options());
        String text = "one two three four five six seven eight nine ten eleven twelve";
        assertEquals(8, shortGuard.tokenize(text).length);
        assertEquals(expected(shortGuard.head(), text, 8), shortGuard.score(text).score());
        assertNotEquals(expected(shortGuard.head(), text, 512), shortGuard.score(text).score());
    }

    @Test
    void aPreparedTextCountsTheTokensReadAndIsNotTokenizedAgain() {
        java.util.concurrent.atomic.AtomicInteger encodes = new java.util.concurrent.atomic.AtomicInteger();
        TokenEncoder counting = (text, special) -> {
            encodes.incrementAndGet();
            return tokenizer.encode(text, special);
        };
        SirenGuard shortGuard = new SirenGuard(head(8), new FakeBackbone(LAYERS, HIDDEN, true, 5), counting, options());
        String text = "one two three four five six seven eight nine ten eleven twelve";
        encodes.set(0); // the guard probes its tokenizer's special tokens when built
        PreparedText prepared = shortGuard.prepare(text);
        assertEquals(8, prepared.tokens(), "the cost is the tokens the head reads, after truncation");
        assertEquals(1, encodes.get());
        List<ScoreResult> scored = shortGuard.scorePrepared(List.of(prepared, PreparedText.of("hello there", 1)), 0.5);
        assertEquals(2, encodes.get(), "only the text prepared elsewhere is tokenized");
        assertEquals(shortGuard.scoreBatch(List.of(text, "hello there"), 0.5), scored);
        assertEquals(guard.score(text).score(), guard.scorePrepared(List.of(prepared), 0.5).getFirst().score(),
                "ids another guard prepared (cut at its 8 tokens) are not used: the text is tokenized again");
    }

    @Test
    void truncationKeepsTheSpecialTokensAsHuggingFaceDoes() {
        TokenEncoder bertLike = (text, special) -> {
            int[] body = tokenizer.encode(text, false);
            if (!special) {
                return body;
            }
            int[] ids = new int[body.length + 2];
            ids[0] = 3;
            System.arraycopy(body, 0, ids, 1, body.length);
            ids[ids.length - 1] = 4;
            return ids;
        };
        SirenGuard bert = new SirenGuard(head(8), new FakeBackbone(LAYERS, HIDDEN, false, 5), bertLike, options());
        String text = "one two three four five six seven eight nine ten";
        int[] body = tokenizer.encode(text, false);
        int[] expected = new int[8];
        expected[0] = 3;
        System.arraycopy(body, 0, expected, 1, 6);
        expected[7] = 4;
        assertArrayEquals(expected, bert.tokenize(text));
    }

    @Test
    void pairIsScoredAsPromptNewlineResponse() {
        assertEquals(guard.score("How do I do X?\nLike this.").score(),
                guard.score("How do I do X?", "Like this.").score());
        assertEquals(guard.score("prompt only").score(), guard.score("prompt only", "").score());
    }

    @Test
    void batchEqualsSingleScoresInOrderAndIsSentInBatches() {
        List<String> texts = List.of("a", "bb bb", "the cat", "", "numbers 123", "x y z", "seven");
        List<ScoreResult> batch = guard.scoreBatch(texts);
        assertEquals(texts.size(), batch.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(guard.score(texts.get(i)).score(), batch.get(i).score(), "text " + i);
        }
        assertEquals(List.of(3, 3, 1), backbone.batchSizes.subList(0, 3));
    }

    @Test
    void harmfulMeansScoreAtLeastTheThreshold() {
        double score = guard.score("some text").score();
        assertTrue(guard.score("some text", score).harmful(), "equal to the threshold counts as harmful");
        assertFalse(guard.score("some text", Math.nextUp(score)).harmful());
        assertEquals(0.5, guard.score("some text").threshold());
        SirenGuard strict = new SirenGuard(head(512), new FakeBackbone(LAYERS, HIDDEN, true, 5), tokenizer,
                options().withThreshold(0.1));
        assertEquals(0.1, strict.defaultThreshold());
        assertEquals(0.1, strict.score("x").threshold());
        assertThrows(IllegalArgumentException.class, () -> guard.score("x", 1.5));
    }

    @Test
    void backboneOfAnotherShapeIsRejected() {
        var error = assertThrows(InvalidHeadException.class, () -> new SirenGuard(head(512),
                new FakeBackbone(LAYERS + 1, HIDDEN, true, 5), tokenizer, options()));
        assertTrue(error.getMessage().contains("backbone mismatch"), error.getMessage());
    }

    @Test
    void maxLengthBeyondTheBackbonesPositionsIsRejected() {
        var error = assertThrows(InvalidHeadException.class, () -> new SirenGuard(head(5000),
                new FakeBackbone(LAYERS, HIDDEN, true, 5), tokenizer, options()));
        assertTrue(error.getMessage().contains("reads up to 5000 tokens (max_length) but the backbone from fake"
                + " backbone supports only 4096 positions"), error.getMessage());
    }

    @Test
    void closedGuardRefusesWorkAndClosesItsBackbone() {
        StreamSession stream = guard.newStream();
        stream.append("before close");
        guard.close();
        assertTrue(backbone.closed);
        var error = assertThrows(IllegalStateException.class, () -> guard.score("x"));
        assertEquals("this SirenGuard is closed", error.getMessage());
        assertThrows(IllegalStateException.class, () -> stream.append(" more"));
        assertThrows(IllegalStateException.class, guard::newStream);
        guard.close(); // closing twice is harmless
    }

    @Test
    void closeWaitsForCallsInFlight() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeBackbone slow = new FakeBackbone(LAYERS, HIDDEN, true, 5) {
            @Override
            public float[][][] layerMeans(List<int[]> sequences) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.layerMeans(sequences);
            }
        };
        SirenGuard slowGuard = new SirenGuard(head(512), slow, tokenizer, options());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<ScoreResult> scoring = pool.submit(() -> slowGuard.score("in flight"));
            inside.await();
            Future<?> closing = pool.submit(slowGuard::close);
            Thread.sleep(100);
            assertFalse(closing.isDone(), "close must wait for the call in flight");
            assertFalse(slow.closed);
            release.countDown();
            assertTrue(scoring.get().score() >= 0);
            closing.get();
            assertTrue(slow.closed);
        }
    }

    @Test
    void concurrentCallersGetTheSameScoresAsSequentialOnes() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("text number " + i + " with some words");
        }
        List<Double> sequential = texts.stream().map(t -> guard.score(t).score()).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Double>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(pool.submit(() -> guard.score(text).score()));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get());
            }
        }
    }

    @Test
    void describeNamesBackboneAndHead() {
        String description = guard.describe();
        assertTrue(description.contains("test/tiny-backbone"), description);
        assertTrue(description.contains("fake backbone"), description);
    }
}
