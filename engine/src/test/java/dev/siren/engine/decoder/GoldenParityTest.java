package dev.siren.engine.decoder;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;
import dev.siren.engine.Bf16;
import dev.siren.engine.Golden;
import dev.siren.engine.weights.SafetensorsFile;
import dev.siren.engine.weights.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer's output, the SIREN means and the last-token logits against Hugging Face, for every golden case of
 * both decoder fixtures, from the bf16 folder and its fp32 copy, and of the two fixtures with linear-layer biases
 * ({@code qwen2-tiny-bias}: q/k/v biases; {@code llama32-tiny-bias}: q/k/v/o and gate/up/down biases; bf16 only, made
 * by src/test/python/make_bias_golden.py with biases large enough that a missing one fails by far).
 *
 * <p>Tolerances (max abs error / max abs value): 1e-4 for layer outputs and logits, 1e-5 for means. They are the same
 * for the bf16 folders, because bf16 -> fp32 is exact and the reference also computed in fp32 from those bf16 values;
 * {@link #bf16FolderGivesTheSameOutputsAsItsFp32Copy} checks that the two folders agree to 1e-6 (not bit for bit:
 * the Vector API's lane reduction order may differ before and after JIT compilation).
 */
class GoldenParityTest {

    static final double LAYER_TOLERANCE = 1e-4;
    static final double MEAN_TOLERANCE = 1e-5;

    static Stream<Arguments> cases() {
        return Stream.of("qwen3-tiny", "qwen3-tiny-f32", "llama32-tiny", "llama32-tiny-f32",
                        "qwen2-tiny-bias", "llama32-tiny-bias")
                .flatMap(m -> Golden.DECODER_CASES.stream().map(c -> Arguments.of(m, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void layerOutputsMatchHuggingFace(String model, String caseName) {
        try (DecoderModel m = DecoderModel.open(Golden.model(model), 2);
             SafetensorsFile golden = Golden.activations(model, caseName)) {
            List<int[]> seqs = Golden.validSequences(golden);
            int layers = m.config().numLayers();
            int d = m.config().hiddenSize();
            float[][][] outputs = new float[seqs.size()][layers][];
            m.layerOutputs(seqs, (layer, seg, x, off, rows) ->
                    outputs[seg][layer] = Arrays.copyOfRange(x, off, off + rows * d));
            long paddedLength = golden.tensor("input_ids").shape()[1];
            for (int layer = 0; layer < layers; layer++) {
                float[] expected = golden.tensor("layer_output." + layer).toFloatArray();
                for (int b = 0; b < seqs.size(); b++) {
                    int valid = seqs.get(b).length;
                    int from = (int) (b * paddedLength * d);
                    float[] exp = Arrays.copyOfRange(expected, from, from + valid * d);
                    double err = Golden.relativeError(outputs[b][layer], exp);
                    assertTrue(err < LAYER_TOLERANCE, model + " " + caseName + " layer " + layer + " row " + b
                            + ": relative error " + err);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sirenMeansMatchHuggingFace(String model, String caseName) {
        try (Backbone backbone = Backbones.open(Golden.model(model), new BackboneOptions(2, 1024));
             SafetensorsFile golden = Golden.activations(model, caseName)) {
            List<int[]> seqs = Golden.validSequences(golden);
            float[][][] means = backbone.layerMeans(seqs);
            int d = backbone.info().hiddenSize();
            for (int layer = 0; layer < backbone.info().numLayers(); layer++) {
                float[] expected = golden.tensor("siren_mean." + layer).toFloatArray();
                float[] expectedBf16 = golden.tensor("siren_mean_bf16." + layer).toFloatArray();
                for (int b = 0; b < seqs.size(); b++) {
                    float[] exp = Arrays.copyOfRange(expected, b * d, (b + 1) * d);
                    double err = Golden.relativeError(means[b][layer], exp);
                    assertTrue(err < MEAN_TOLERANCE, model + " " + caseName + " mean of layer " + layer + " row " + b
                            + ": relative error " + err);
                    assertWithinOneBf16Step(means[b][layer], Arrays.copyOfRange(expectedBf16, b * d, (b + 1) * d),
                            MEAN_TOLERANCE * maxAbs(exp));
                }
            }
        }
    }

    /**
     * Rounding our fp32 mean to bf16 gives the reference's bf16 mean, or its neighbour when the fp32 values straddle a tie.
     * An element so close to zero that a bf16 step is finer than the fp32 tolerance ({@code absTolerance}, the mean
     * tolerance times the row's largest value) only has to be within that tolerance: there the fp32 rounding noise of
     * the mean alone can move the bf16 value by several steps.
     */
    private static void assertWithinOneBf16Step(float[] mean, float[] expectedBf16, double absTolerance) {
        int exact = 0;
        for (int i = 0; i < mean.length; i++) {
            short ours = Bf16.bits(mean[i]);
            short theirs = Bf16.bits(expectedBf16[i]);
            assertTrue(Math.abs(ours - theirs) <= 1 || Math.abs(Bf16.round(mean[i]) - expectedBf16[i]) <= absTolerance,
                    "bf16 mean element " + i + ": " + Bf16.round(mean[i]) + " vs " + expectedBf16[i]);
            exact += ours == theirs ? 1 : 0;
        }
        assertTrue(exact >= mean.length - 2, "bf16 means: only " + exact + " of " + mean.length + " elements identical");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void lastTokenLogitsMatchHuggingFace(String model, String caseName) {
        try (DecoderModel m = DecoderModel.open(Golden.model(model), 2);
             SafetensorsFile golden = Golden.activations(model, caseName)) {
            List<int[]> seqs = Golden.validSequences(golden);
            float[] expected = golden.tensor("logits_last").toFloatArray();
            int v = m.config().vocabSize();
            for (int b = 0; b < seqs.size(); b++) {
                double err = Golden.relativeError(m.lastTokenLogits(seqs.get(b)), Arrays.copyOfRange(expected, b * v, (b + 1) * v));
                assertTrue(err < LAYER_TOLERANCE, model + " " + caseName + " logits row " + b + ": relative error " + err);
            }
        }
    }

    @Test
    void bf16FolderGivesTheSameOutputsAsItsFp32Copy() {
        for (String model : List.of("qwen3-tiny", "llama32-tiny")) {
            try (Backbone bf16 = Backbones.open(Golden.model(model), new BackboneOptions(1, 1024));
                 Backbone f32 = Backbones.open(Golden.model(model + "-f32"), new BackboneOptions(1, 1024));
                 SafetensorsFile golden = Golden.activations(model, "len33")) {
                List<int[]> seqs = Golden.validSequences(golden);
                float[][][] a = bf16.layerMeans(seqs);
                float[][][] b = f32.layerMeans(seqs);
                for (int layer = 0; layer < a[0].length; layer++) {
                    double err = Golden.relativeError(a[0][layer], b[0][layer]);
                    assertTrue(err < 1e-6, model + " layer " + layer + ": bf16 vs fp32 folder relative difference " + err);
                }
            }
        }
    }

    @Test
    void ropeTableMatchesHuggingFace() {
        for (String model : List.of("qwen3-tiny", "llama32-tiny")) {
            try (DecoderModel m = DecoderModel.open(Golden.model(model), 1);
                 SafetensorsFile golden = SafetensorsFile.open(Golden.resource("activations/" + model + "/rope.safetensors"))) {
                float[] inv = m.config().rope().inverseFrequencies(m.config().headDim());
                assertArrayEquals(golden.tensor("inv_freq").toFloatArray(), inv, 1e-7f * maxAbs(inv), model + " inv_freq");
                RopeTable table = new RopeTable(m.config().rope(), m.config().headDim());
                Tensor cos = golden.tensor("cos");
                Tensor sin = golden.tensor("sin");
                int positions = (int) cos.shape()[0];
                int hd = (int) cos.shape()[1];
                float[][] ours = table.upTo(positions);
                float[] c = cos.toFloatArray();
                float[] s = sin.toFloatArray();
                for (int p = 0; p < positions; p++) {
                    for (int i = 0; i < hd; i++) {
                        int j = p * (hd / 2) + i % (hd / 2); // HF repeats the d/2 angles for both halves
                        assertEquals(c[p * hd + i], ours[0][j], 2e-6, model + " cos p=" + p + " i=" + i);
                        assertEquals(s[p * hd + i], ours[1][j], 2e-6, model + " sin p=" + p + " i=" + i);
                    }
                }
            }
        }
    }

    private static float maxAbs(float[] x) {
        float m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
