package dev.siren.engine.decoder;

import dev.siren.engine.Golden;
import dev.siren.engine.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last-token readout with early exit against Hugging Face's {@code hidden_states[L]} at the last valid token, for
 * every depth and golden case of both decoder fixtures (tolerance: max abs error / max abs value below 1e-4, the
 * engine's layer-output tolerance); and the early exit against a full run, bit for bit.
 */
class LastTokenReadoutTest {

    static Stream<Arguments> cases() {
        return Stream.of("qwen3-tiny", "llama32-tiny-f32")
                .flatMap(m -> Golden.DECODER_CASES.stream().map(c -> Arguments.of(m, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void lastTokenStatesMatchHuggingFaceAtEveryDepth(String model, String caseName) {
        try (DecoderModel m = DecoderModel.open(Golden.model(model), 2);
             SafetensorsFile golden = Golden.activations(model, caseName)) {
            List<int[]> seqs = Golden.validSequences(golden);
            int d = m.config().hiddenSize();
            int padded = (int) golden.tensor("input_ids").shape()[1];
            for (int depth = 1; depth <= m.config().numLayers(); depth++) {
                float[][][] states = new LastTokenReadout(m, depth, 1024).states(seqs);
                float[] expected = golden.tensor("hidden_states." + depth).toFloatArray();
                for (int b = 0; b < seqs.size(); b++) {
                    int from = (b * padded + seqs.get(b).length - 1) * d;
                    double err = Golden.relativeError(states[b][0], Arrays.copyOfRange(expected, from, from + d));
                    assertTrue(err < GoldenParityTest.LAYER_TOLERANCE, model + " " + caseName + " hidden state "
                            + depth + " row " + b + ": relative error " + err);
                }
            }
        }
    }

    @Test
    void earlyExitGivesBitIdenticalStatesToAFullRun() {
        try (DecoderModel m = DecoderModel.open(Golden.model("qwen3-tiny"), 2);
             SafetensorsFile golden = Golden.activations("qwen3-tiny", "batch3_rightpad")) {
            List<int[]> seqs = Golden.validSequences(golden);
            int d = m.config().hiddenSize();
            for (int depth = 1; depth < m.config().numLayers(); depth++) {
                int layer = depth - 1;
                float[][] full = new float[seqs.size()][];
                m.layerOutputs(seqs, (l, seg, x, off, rows) -> {
                    if (l == layer) {
                        full[seg] = Arrays.copyOfRange(x, off + (rows - 1) * d, off + rows * d);
                    }
                });
                float[][][] early = new LastTokenReadout(m, depth, 1024).states(seqs);
                for (int b = 0; b < seqs.size(); b++) {
                    assertArrayEquals(full[b], early[b][0], "hidden state " + depth + " row " + b);
                }
            }
        }
    }

    @Test
    void theLayersAboveTheReadoutNeverRun() {
        try (DecoderModel m = DecoderModel.open(Golden.model("qwen3-tiny"), 1)) {
            int[] ids = {5, 9, 200};
            for (int layers = 1; layers <= m.config().numLayers(); layers++) {
                Set<Integer> seen = new TreeSet<>();
                m.forward(List.of(new Segment(ids, 0, new KvCache(1, m.config().kvDim(), 3, 3))), layers,
                        (layer, seg, x, off, rows) -> seen.add(layer));
                assertEquals(IntStream.range(0, layers).boxed().toList(), List.copyOf(seen));
            }
        }
    }

    @Test
    void aSequenceGrownInPiecesAndCutBackEqualsOneRun() {
        try (DecoderModel m = DecoderModel.open(Golden.model("llama32-tiny"), 2);
             SafetensorsFile golden = Golden.activations("llama32-tiny", "len130")) {
            int[] all = Golden.validSequences(golden).getFirst();
            LastTokenReadout readout = new LastTokenReadout(m, 2, 16); // steps of 16: chunked appends too
            LastTokenSequence seq = readout.newSequence(200);
            int[] cuts = {0, 1, 7, 40, 130};
            for (int i = 0; i + 1 < cuts.length; i++) {
                seq.append(Arrays.copyOfRange(all, cuts[i], cuts[i + 1]));
                assertSame(readout.states(List.of(Arrays.copyOf(all, cuts[i + 1])))[0][0], seq.states()[0], cuts[i + 1]);
            }
            seq.truncate(50);
            assertThrows(IllegalStateException.class, seq::states);
            int[] edited = Arrays.copyOf(all, 60);
            edited[55] = 3;
            seq.append(Arrays.copyOfRange(edited, 50, 60));
            assertSame(readout.states(List.of(edited))[0][0], seq.states()[0], 60);
        }
    }

    @Test
    void severalDepthsInOneRunEqualEachDepthAlone() {
        try (DecoderModel m = DecoderModel.open(Golden.model("qwen3-tiny"), 2);
             SafetensorsFile golden = Golden.activations("qwen3-tiny", "batch3_rightpad")) {
            List<int[]> seqs = Golden.validSequences(golden);
            float[][][] together = new LastTokenReadout(m, new int[]{1, 3}, 1024).states(seqs);
            for (int b = 0; b < seqs.size(); b++) {
                assertArrayEquals(new LastTokenReadout(m, 1, 1024).states(seqs)[b][0], together[b][0]);
                assertArrayEquals(new LastTokenReadout(m, 3, 1024).states(seqs)[b][0], together[b][1]);
            }
            assertThrows(IllegalArgumentException.class, () -> new LastTokenReadout(m, new int[]{2, 1}, 64));
        }
    }

    @Test
    void depthsOutsideTheModelAreRefusedWithTheValidRange() {
        try (DecoderModel m = DecoderModel.open(Golden.model("qwen3-tiny"), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> new LastTokenReadout(m, 0, 64));
            assertTrue(e.getMessage().contains("expected 1 to 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new LastTokenReadout(m, 4, 64));
        }
    }

    private static void assertSame(float[] expected, float[] actual, int tokens) {
        double err = Golden.relativeError(actual, expected);
        assertTrue(err < 1e-6, "after " + tokens + " tokens: relative difference " + err);
    }
}
