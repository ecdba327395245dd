package dev.siren.engine.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.siren.engine.onnx.OnnxTestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer of our encoder against ONNX Runtime running the same ONNX file (the graph rewritten so that each
 * layer's output is also a graph output), on random token ids: lengths 1 to 512, with and without token types.
 */
class OnnxRuntimeParityTest {

    /** max |ours - ORT| / max |ORT| per layer: the engine's parity tolerance. */
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @EnumSource(EmbeddedBertModel.class)
    void everyLayerAndMeanMatchesOnnxRuntime(EmbeddedBertModel model) throws Exception {
        try (BertEncoder encoder = model.open()) {
            int layers = encoder.config().numLayers();
            List<String> outputs = new ArrayList<>();
            for (int l = 0; l < layers - 1; l++) {
                outputs.add("/encoder/layer." + l + "/output/LayerNorm/Add_1_output_0");
            }
            outputs.add("last_hidden_state");
            Random random = new Random(42);
            List<int[]> sequences = new ArrayList<>();
            List<int[]> types = new ArrayList<>();
            // the last position (511) only on the 6-layer model: the 12-layer ones cost 4x more at that length
            int[] lengths = model == EmbeddedBertModel.ALL_MINILM_L6_V2 ? new int[] {1, 9, 130, 512} : new int[] {1, 9, 130};
            for (int length : lengths) {
                sequences.add(randomIds(random, length));
                int[] type = new int[length];
                for (int t = length / 2; t < length; t++) {
                    type[t] = 1;
                }
                types.add(type);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(OnnxTestModels.withFloatOutputs(onnxBytes(model), outputs),
                    new OrtSession.SessionOptions())) {
                float[][][] means = encoder.layerMeans(sequences, types);
                double worst = 0;
                for (int s = 0; s < sequences.size(); s++) {
                    int[] ids = sequences.get(s);
                    float[][][] ours = encoder.layerOutputs(ids, types.get(s));
                    float[][][] reference = runOrt(env, session, outputs, ids, types.get(s));
                    for (int l = 0; l < layers; l++) {
                        double error = relativeError(ours[l], reference[l]);
                        worst = Math.max(worst, error);
                        assertTrue(error <= TOLERANCE, model.id() + " length " + ids.length + " layer " + l
                                + ": relative error " + error);
                        double meanError = relativeError(new float[][] {means[s][l]}, new float[][] {mean(reference[l])});
                        assertTrue(meanError <= TOLERANCE, model.id() + " length " + ids.length + " layer " + l
                                + ": mean's relative error " + meanError);
                    }
                }
                System.out.printf("%s: worst per-layer relative error against ONNX Runtime %.2e%n", model.id(), worst);
            }
        }
    }

    private static int[] randomIds(Random random, int length) {
        int[] ids = new int[length];
        for (int t = 0; t < length; t++) {
            ids[t] = 1000 + random.nextInt(29000);
        }
        ids[0] = 101; // [CLS]
        ids[length - 1] = length > 1 ? 102 : ids[length - 1]; // [SEP]
        return ids;
    }

    private static float[][][] runOrt(OrtEnvironment env, OrtSession session, List<String> outputs, int[] ids, int[] types)
            throws OrtException {
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(toLongs(ids)), shape);
             OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor tokenTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(toLongs(types)), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention,
                     "token_type_ids", tokenTypes))) {
            float[][][] layers = new float[outputs.size()][][];
            for (int l = 0; l < outputs.size(); l++) {
                layers[l] = ((float[][][]) result.get(outputs.get(l)).orElseThrow().getValue())[0];
            }
            return layers;
        }
    }

    private static long[] toLongs(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }

    private static float[] mean(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                mean[i] += row[i] / rows.length;
            }
        }
        return mean;
    }

    static double relativeError(float[][] actual, float[][] expected) {
        assertEquals(expected.length, actual.length);
        double maxError = 0;
        double maxValue = 0;
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length);
            for (int i = 0; i < expected[r].length; i++) {
                maxError = Math.max(maxError, Math.abs(actual[r][i] - expected[r][i]));
                maxValue = Math.max(maxValue, Math.abs(expected[r][i]));
            }
        }
        return maxError / maxValue;
    }

    private static byte[] onnxBytes(EmbeddedBertModel model) throws IOException {
        String resource = switch (model) {
            case ALL_MINILM_L6_V2 -> "all-minilm-l6-v2.onnx";
            case BGE_SMALL_EN_V15 -> "bge-small-en-v1.5.onnx";
            case E5_SMALL_V2 -> "e5-small-v2.onnx";
        };
        try (InputStream in = OnnxRuntimeParityTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
