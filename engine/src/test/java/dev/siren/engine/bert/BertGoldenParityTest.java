package dev.siren.engine.bert;

import dev.siren.engine.Backbone;
import dev.siren.engine.Backbones;
import dev.siren.engine.Golden;
import dev.siren.engine.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny random BertModel of the golden set (Hugging Face transformers 5.12, fp32 eager forward): every layer's
 * output at every valid token and the SIREN means, for the bf16 and the fp32 copy of the weights, opened through
 * {@link Backbones#open(java.nio.file.Path)}.
 */
class BertGoldenParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final List<String> CASES = List.of("len1", "len7", "len33", "len130", "batch3_rightpad");

    @ParameterizedTest
    @ValueSource(strings = {"bert-minilm-tiny", "bert-minilm-tiny-f32"})
    void layerOutputsAndMeansMatchTransformers(String model) {
        try (Backbone backbone = Backbones.open(Golden.model(model))) {
            BertEncoder encoder = assertInstanceOf(BertEncoder.class, backbone);
            int layers = encoder.info().numLayers();
            int hidden = encoder.info().hiddenSize();
            for (String caseName : CASES) {
                try (SafetensorsFile golden = Golden.activations(model, caseName)) {
                    List<int[]> ids = Golden.validSequences(golden);
                    List<int[]> types = validTokenTypes(golden, ids);
                    float[][][] means = encoder.layerMeans(ids, types);
                    int padded = (int) golden.tensor("input_ids").shape()[1];
                    for (int l = 0; l < layers; l++) {
                        float[] expectedOutputs = golden.tensor("layer_output." + l).toFloatArray();
                        float[] expectedMeans = golden.tensor("siren_mean." + l).toFloatArray();
                        for (int s = 0; s < ids.size(); s++) {
                            float[][] outputs = encoder.layerOutputs(ids.get(s), types.get(s))[l];
                            float[] actual = new float[outputs.length * hidden];
                            float[] expected = new float[actual.length];
                            for (int t = 0; t < outputs.length; t++) {
                                System.arraycopy(outputs[t], 0, actual, t * hidden, hidden);
                                System.arraycopy(expectedOutputs, (s * padded + t) * hidden, expected, t * hidden, hidden);
                            }
                            String where = model + " " + caseName + " sequence " + s + " layer " + l;
                            double outputError = Golden.relativeError(actual, expected);
                            assertTrue(outputError <= TOLERANCE, where + ": output relative error " + outputError);
                            float[] expectedMean = new float[hidden];
                            System.arraycopy(expectedMeans, s * hidden, expectedMean, 0, hidden);
                            double meanError = Golden.relativeError(means[s][l], expectedMean);
                            assertTrue(meanError <= TOLERANCE, where + ": mean relative error " + meanError);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bf16AndFp32CopiesGiveTheSameFeatures() {
        try (SafetensorsFile golden = Golden.activations("bert-minilm-tiny", "batch3_rightpad");
             Backbone bf16 = Backbones.open(Golden.model("bert-minilm-tiny"));
             Backbone fp32 = Backbones.open(Golden.model("bert-minilm-tiny-f32"))) {
            List<int[]> ids = Golden.validSequences(golden);
            float[][][] a = bf16.layerMeans(ids);
            float[][][] b = fp32.layerMeans(ids);
            for (int s = 0; s < ids.size(); s++) {
                for (int l = 0; l < a[s].length; l++) {
                    assertArrayEquals(b[s][l], a[s][l], "sequence " + s + " layer " + l);
                }
            }
        }
    }

    @Test
    void encodersCannotGrowTokenByToken() {
        try (Backbone backbone = Backbones.open(Golden.model("bert-minilm-tiny"))) {
            assertTrue(!backbone.isCausal());
            var e = assertThrows(UnsupportedOperationException.class, () -> backbone.newSequence(16, 4));
            assertTrue(e.getMessage().contains("bidirectional"), e.getMessage());
        }
    }

    private static List<int[]> validTokenTypes(SafetensorsFile golden, List<int[]> ids) {
        long[] all = golden.tensor("token_type_ids").toLongArray();
        int padded = (int) golden.tensor("token_type_ids").shape()[1];
        List<int[]> types = new ArrayList<>();
        for (int s = 0; s < ids.size(); s++) {
            int[] row = new int[ids.get(s).length];
            for (int t = 0; t < row.length; t++) {
                row[t] = (int) all[s * padded + t];
            }
            types.add(row);
        }
        return types;
    }
}
