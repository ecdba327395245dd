package dev.siren.engine.decoder;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;
import dev.siren.engine.Golden;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.weights.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The different ways of running the same tokens agree: incremental appends and rollbacks vs one full pass,
 * batches vs single sequences, chunked steps vs one step. Different paths may sum in a different order, so they
 * are compared to 1e-6 relative (the golden tolerance is 1e-5 for means).
 */
class IncrementalAndBatchingTest {

    private static final double SAME = 1e-6;

    private static int[] ids(String caseName) {
        try (SafetensorsFile f = Golden.activations("qwen3-tiny", caseName)) {
            return Golden.validSequences(f).getFirst();
        }
    }

    private static void assertSameMeans(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int l = 0; l < expected.length; l++) {
            double err = Golden.relativeError(actual[l], expected[l]);
            assertTrue(err < SAME, what + ", layer " + l + ": relative difference " + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny-f32", "llama32-tiny"})
    void appendingInPiecesEqualsOneFullPass(String model) {
        int[] all = ids("len130");
        try (Backbone b = Backbones.open(Golden.model(model), new BackboneOptions(2, 1024));
             IncrementalSequence seq = b.newSequence(200, 8)) {
            int[] cuts = {0, 1, 2, 7, 40, 41, 100, all.length};
            for (int i = 0; i + 1 < cuts.length; i++) {
                seq.append(Arrays.copyOfRange(all, cuts[i], cuts[i + 1]));
                assertEquals(cuts[i + 1], seq.length());
                float[][] full = b.layerMeans(List.of(Arrays.copyOf(all, cuts[i + 1]))) [0];
                assertSameMeans(full, seq.layerMeans(), model + " after " + cuts[i + 1] + " tokens");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny", "llama32-tiny-f32"})
    void rollbackThenAppendEqualsTheEditedSequence(String model) {
        int[] all = ids("len33");
        try (Backbone b = Backbones.open(Golden.model(model), new BackboneOptions(2, 1024));
             IncrementalSequence seq = b.newSequence(64, 4)) {
            seq.append(all);
            seq.rollback(3);
            assertEquals(30, seq.length());
            assertSameMeans(b.layerMeans(List.of(Arrays.copyOf(all, 30)))[0], seq.layerMeans(), model + " after rollback");
            int[] tail = {7, 8, 9, 10};
            seq.append(tail);
            int[] edited = Arrays.copyOf(all, 34);
            System.arraycopy(tail, 0, edited, 30, 4);
            assertSameMeans(b.layerMeans(List.of(edited))[0], seq.layerMeans(), model + " after rollback and append");
            seq.rollback(4); // the window is 4: the 4 new tokens can go again
            assertThrows(IllegalArgumentException.class, () -> seq.rollback(1), "nothing left in the window");
            assertThrows(IllegalStateException.class, () -> seq.append(new int[35]), "capacity 64 exceeded");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny", "llama32-tiny"})
    void batchedEqualsSingleAndShortSequencesAreNotChangedByLongNeighbours(String model) {
        List<int[]> seqs = List.of(ids("len7"), ids("len130"), ids("len1"), ids("len33"));
        try (Backbone b = Backbones.open(Golden.model(model), new BackboneOptions(2, 1024))) {
            float[][][] batched = b.layerMeans(seqs);
            for (int i = 0; i < seqs.size(); i++) {
                assertSameMeans(b.layerMeans(List.of(seqs.get(i)))[0], batched[i], model + " sequence " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny", "llama32-tiny"})
    void smallStepsGiveTheSameMeansAsOneStep(String model) {
        List<int[]> seqs = List.of(ids("len7"), ids("len130"), ids("len33"), ids("len1"));
        try (Backbone oneStep = Backbones.open(Golden.model(model), new BackboneOptions(1, 1024));
             Backbone smallSteps = Backbones.open(Golden.model(model), new BackboneOptions(2, 16))) {
            float[][][] expected = oneStep.layerMeans(seqs);
            float[][][] actual = smallSteps.layerMeans(seqs); // len130 runs in 9 chunks through a KV cache
            for (int i = 0; i < seqs.size(); i++) {
                assertSameMeans(expected[i], actual[i], model + " sequence " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny"})
    void concurrentCallersGetTheSameMeansAsSequentialOnes(String model) throws Exception {
        List<int[]> seqs = List.of(ids("len7"), ids("len130"), ids("len33"), ids("len1"));
        try (Backbone b = Backbones.open(Golden.model(model), new BackboneOptions(2, 64))) {
            float[][][] expected = new float[seqs.size()][][];
            for (int i = 0; i < seqs.size(); i++) {
                expected[i] = b.layerMeans(List.of(seqs.get(i)))[0];
            }
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                List<java.util.concurrent.Future<float[][]>> results = new java.util.ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int[] s : seqs) {
                        results.add(pool.submit(() -> b.layerMeans(List.of(s))[0]));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertSameMeans(expected[i % seqs.size()], results.get(i).get(), "concurrent call " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny"})
    void badInputsGiveClearErrors(String model) {
        try (Backbone b = Backbones.open(Golden.model(model), new BackboneOptions(1, 1024))) {
            var empty = assertThrows(IllegalArgumentException.class, () -> b.layerMeans(List.of(new int[] {1}, new int[0])));
            assertTrue(empty.getMessage().contains("sequence 1 is empty"), empty.getMessage());
            var vocab = assertThrows(IllegalArgumentException.class, () -> b.layerMeans(List.<int[]>of(new int[] {1, 512})));
            assertTrue(vocab.getMessage().contains("token id 512"), vocab.getMessage());
            try (IncrementalSequence seq = b.newSequence(4, 2)) {
                assertThrows(IllegalStateException.class, seq::layerMeans, "no tokens yet");
            }
        }
    }
}
