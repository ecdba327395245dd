package dev.siren.train.features;

import dev.siren.engine.Backbone;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.ModelInfo;
import dev.siren.guard.TextContract;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {

    @TempDir
    Path dir;

    /** A backbone whose layer l, unit j of a sequence is (l + 1) * (sum of ids) + j; counts the sequences it runs. */
    static final class CountingBackbone implements Backbone {
        final AtomicInteger sequencesRun = new AtomicInteger();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public ModelInfo info() {
            return new ModelInfo("fake", 2, 3, 512, "test");
        }

        @Override
        public float[][][] layerMeans(List<int[]> sequences) {
            sequencesRun.addAndGet(sequences.size());
            batchSizes.add(sequences.size());
            float[][][] out = new float[sequences.size()][2][3];
            for (int s = 0; s < sequences.size(); s++) {
                int sum = 0;
                for (int id : sequences.get(s)) sum += id;
                for (int l = 0; l < 2; l++) for (int j = 0; j < 3; j++) out[s][l][j] = (l + 1) * sum + j;
            }
            return out;
        }

        @Override
        public boolean isCausal() {
            return false;
        }

        @Override
        public IncrementalSequence newSequence(int maxTokens, int maxRollback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void readsAndExtendsCachesOfTheFirstFormatWithoutChecksums() throws IOException {
        Path file;
        try (FeatureCache cache = FeatureCache.open(dir, "v1", 1, 2)) {
            file = cache.file();
        }
        // rewrite as version 1: magic SIRENFC1, then one record of hash + 2 floats, no checksum
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Files.size(file) + 40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] header = Files.readAllBytes(file);
        header[7] = '1';
        b.put(header).put(java.util.HexFormat.of().parseHex(FeatureCache.hash("old"))).putFloat(1.5f).putFloat(-2f);
        Files.write(file, b.array());
        try (FeatureCache cache = FeatureCache.open(dir, "v1", 1, 2)) {
            assertArrayEquals(new float[] {1.5f, -2f}, cache.get(FeatureCache.hash("old"))[0]);
            cache.put(FeatureCache.hash("new"), new float[][] {{3, 4}});
        }
        assertEquals(b.capacity() + 40, Files.size(file), "appended in the version-1 layout");
        try (FeatureCache cache = FeatureCache.open(dir, "v1", 1, 2)) {
            assertArrayEquals(new float[] {3, 4}, cache.get(FeatureCache.hash("new"))[0]);
        }
    }

    /** A tokenizer whose ids are the text's code points, with no special tokens. */
    private static final TextContract CODEPOINTS = TextContract.of((text, special) -> text.codePoints().toArray(), 512);

    @Test
    void readsTheTextTheGuardScoresWhateverWhitespaceSurroundsIt() {
        // Java's String.strip() keeps U+00A0, U+2007, U+202F and U+0085; the guard strips them (Python's strip)
        for (String space : List.of(" \t\n", "\u00a0", "\u2007", "\u202f", "\u0085")) {
            CountingBackbone backbone = new CountingBackbone();
            float[][][] features = new FeatureExtractor(backbone, CODEPOINTS, null, 4)
                    .extract(List.of(space + "ab" + space, "ab", space), Progress.NONE);
            String name = String.format("U+%04X", (int) space.charAt(0));
            assertArrayEquals(features[1][0], features[0][0], name + " around a text is stripped before it is read");
            assertEquals(' ', features[2][0][0], name + " alone is read as a single space");
            assertEquals(2, backbone.sequencesRun.get(), name + ": 'ab' and ' ' run once each");
        }
    }

    @Test
    void keepsTheSpecialTokensWhenTruncating() {
        TextContract bertLike = TextContract.of((text, special) -> {
            int[] body = text.codePoints().toArray();
            if (!special) {
                return body;
            }
            int[] ids = new int[body.length + 2];
            ids[0] = 1000;
            System.arraycopy(body, 0, ids, 1, body.length);
            ids[ids.length - 1] = 2000;
            return ids;
        }, 4);
        CountingBackbone backbone = new CountingBackbone();
        float[][][] features = new FeatureExtractor(backbone, bertLike, null, 4).extract(List.of("abcdef"), Progress.NONE);
        assertEquals(1000 + 'a' + 'b' + 2000, features[0][0][0], "[CLS] a b [SEP]");
    }

    @Test
    void extractsStrippedTextsOnceAndReusesTheCacheAcrossRuns() throws IOException {
        CountingBackbone backbone = new CountingBackbone();
        List<String> texts = List.of("  ab ", "ab", "", "xyz", "ab");
        float[][][] first;
        try (FeatureCache cache = FeatureCache.open(dir, "fake/model@rev", 2, 3)) {
            first = new FeatureExtractor(backbone, CODEPOINTS, cache, 2).extract(texts, Progress.NONE);
            assertEquals(3, backbone.sequencesRun.get(), "'ab' (three times, after strip) and ' ' and 'xyz' run once each");
            assertEquals(3, cache.size());
        }
        assertArrayEquals(first[0][1], first[1][1]);
        assertEquals(2 * ('a' + 'b') + 2, first[0][1][2]);
        assertEquals(' ', first[2][0][0], "an empty text is read as a single space");

        try (FeatureCache cache = FeatureCache.open(dir, "fake/model@rev", 2, 3)) {
            float[][][] again = new FeatureExtractor(backbone, CODEPOINTS, cache, 2)
                    .extract(List.of("xyz", "new"), Progress.NONE);
            assertEquals(4, backbone.sequencesRun.get(), "only the new text runs");
            assertArrayEquals(first[3][0], again[0][0]);
        }
    }

    @Test
    void aCacheOfAnotherShapeOrBackboneIsRefusedAndATornRecordIgnored() throws IOException {
        try (FeatureCache cache = FeatureCache.open(dir, "m", 2, 3)) {
            cache.put(FeatureCache.hash("a"), new float[][] {{1, 2, 3}, {4, 5, 6}});
            cache.put(FeatureCache.hash("b"), new float[][] {{7, 8, 9}, {1, 1, 1}});
        }
        Path file;
        try (FeatureCache cache = FeatureCache.open(dir, "m", 2, 3)) {
            file = cache.file();
        }
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (FeatureCache cache = FeatureCache.open(dir, "m", 2, 3)) {
            assertEquals(2, cache.size());
            assertArrayEquals(new float[] {7, 8, 9}, cache.get(FeatureCache.hash("b"))[0]);
            assertNull(cache.get(FeatureCache.hash("c")));
            cache.put(FeatureCache.hash("c"), new float[][] {{0, 0, 1}, {0, 1, 0}});
        }
        try (FeatureCache cache = FeatureCache.open(dir, "m", 2, 3)) {
            assertArrayEquals(new float[] {0, 1, 0}, cache.get(FeatureCache.hash("c"))[1], "the torn tail was overwritten");
        }
        // a record damaged on disk fails its checksum and reads as missing
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), Files.size(file) - 10);
        }
        try (FeatureCache cache = FeatureCache.open(dir, "m", 2, 3)) {
            assertNull(cache.get(FeatureCache.hash("c")));
            assertArrayEquals(new float[] {7, 8, 9}, cache.get(FeatureCache.hash("b"))[0]);
        }
        // same file name (same backbone id) but another shape
        IOException e = assertThrows(IOException.class, () -> FeatureCache.open(dir, "m", 2, 4));
        assertTrue(e.getMessage().contains("expected 2 x 4"), e.getMessage());
    }
}
