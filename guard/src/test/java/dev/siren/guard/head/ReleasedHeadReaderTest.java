package dev.siren.guard.head;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synthetic files in the shapes a released llm-siren head may take (its schema is not public), each built from a
 * known head and required to read back to that head's layout and scores.
 */
class ReleasedHeadReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A head on a "Qwen/Qwen3-0.6B"-shaped backbone, scaled down in neurons so files stay small. */
    private final SirenHead reference = TestHeads.random(
            new BackboneRef("Qwen/Qwen3-0.6B", null, "qwen3", 28, 1024), 6, new int[]{16, 8}, 3);

    private ObjectNode referenceStyleConfig(boolean layerPrefixedKeys) {
        ObjectNode config = JSON.createObjectNode();
        config.put("base_model", "Qwen/Qwen3-0.6B");
        config.put("pooling_type", "residual_mean");
        config.put("threshold", 0.9); // eta in the reference pickle, not the decision threshold
        config.put("layer_weight_strategy", "performance");
        config.put("num_features", reference.featureCount());
        ObjectNode weights = config.putObject("layer_weights");
        ObjectNode neurons = config.putObject("selected_neurons_dict");
        for (LayerSelection selection : reference.layers()) {
            weights.put(String.valueOf(selection.layer()), selection.alpha());
            var list = neurons.putArray(layerPrefixedKeys
                    ? "layer" + selection.layer() + "_residual_mean" : String.valueOf(selection.layer()));
            for (int n : selection.neurons()) {
                list.add(n);
            }
        }
        return config;
    }

    /** The MLP as an nn.Sequential with dropout: Linear at indices 0, 3, 6 under the given prefix. */
    private Map<String, FloatTensor> sequentialTensors(String prefix, int stride) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        List<DenseLayer> layers = reference.classifier().layers();
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = layers.get(i);
            tensors.put(prefix + (i * stride) + ".weight",
                    new FloatTensor(new int[]{layer.outputs(), layer.inputs()}, layer.weight()));
            tensors.put(prefix + (i * stride) + ".bias", new FloatTensor(new int[]{layer.outputs()}, layer.bias()));
        }
        return tensors;
    }

    private void write(ObjectNode config, Map<String, FloatTensor> tensors) throws IOException {
        JSON.writeValue(dir.resolve(HeadFiles.CONFIG).toFile(), config);
        HeadTensors.write(dir.resolve(HeadFiles.WEIGHTS), tensors);
    }

    private float[][] means() {
        float[][] means = new float[28][1024];
        for (int l = 0; l < 28; l++) {
            for (int i = 0; i < 1024; i++) {
                means[l][i] = (float) Math.cos(0.37 * l + 0.011 * i);
            }
        }
        return means;
    }

    /** The reference head's score with bf16-rounded means, as released heads are read. */
    private double expectedScore(float[][] means) {
        return new SirenHead(reference.backbone(), reference.pooling(), 512, FeatureDtype.BFLOAT16,
                reference.layers(), reference.classifier(), 0.5, reference.provenance()).score(means);
    }

    private void assertMapsToReference(SirenHead read) {
        assertEquals("Qwen/Qwen3-0.6B", read.backbone().id());
        assertEquals(28, read.backbone().numLayers());
        assertEquals(1024, read.backbone().hiddenSize());
        assertEquals(FeatureDtype.BFLOAT16, read.featureDtype());
        assertEquals(0.5, read.threshold(), "eta stored as 'threshold' must not become the decision threshold");
        for (int l = 0; l < 28; l++) {
            assertArrayEquals(reference.layers().get(l).neurons(), read.layers().get(l).neurons());
        }
        float[][] means = means();
        assertEquals(expectedScore(means), read.score(means), 1e-6);
    }

    @Test
    void referencePickleFieldsWithSequentialIndicesAndDropout() throws IOException {
        write(referenceStyleConfig(true), sequentialTensors("network.", 3));
        assertMapsToReference(HeadReader.read(dir));
    }

    @Test
    void plainLayerNumbersAndUnprefixedTensorsWithoutDropout() throws IOException {
        write(referenceStyleConfig(false), sequentialTensors("", 2));
        assertMapsToReference(HeadReader.read(dir));
    }

    @Test
    void nestedModulePrefixAndBackboneObject() throws IOException {
        ObjectNode config = referenceStyleConfig(true);
        config.remove("base_model");
        config.putObject("backbone").put("repo_id", "Qwen/Qwen3-0.6B").put("revision", "abc123");
        write(config, sequentialTensors("final_mlp.network.", 3));
        SirenHead read = HeadReader.read(dir);
        assertMapsToReference(read);
        assertEquals("abc123", read.backbone().revision());
    }

    @Test
    void alphaFoldedIntoTheFirstLinearLayer() throws IOException {
        ObjectNode config = referenceStyleConfig(true);
        config.remove("layer_weights");
        Map<String, FloatTensor> tensors = sequentialTensors("mlp.", 3);
        // Fold: W0[:, j] *= alpha(layer of feature j), so the head reads the raw selected values.
        DenseLayer first = reference.classifier().layers().getFirst();
        float[] folded = first.weight();
        int column = 0;
        for (LayerSelection selection : reference.layers()) {
            for (int k = 0; k < selection.size(); k++, column++) {
                for (int row = 0; row < first.outputs(); row++) {
                    folded[row * first.inputs() + column] *= selection.alpha();
                }
            }
        }
        tensors.put("mlp.0.weight", new FloatTensor(new int[]{first.outputs(), first.inputs()}, folded));
        write(config, tensors);
        SirenHead read = HeadReader.read(dir);
        assertEquals(1f, read.layers().get(5).alpha());
        float[][] means = means();
        assertEquals(expectedScore(means), read.score(means), 1e-5);
    }

    @Test
    void neuronIndicesAndLayerWeightsStoredAsTensors() {
        ObjectNode config = JSON.createObjectNode();
        config.put("base_model", "Qwen/Qwen3-0.6B");
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        float[] alphas = new float[28];
        for (LayerSelection selection : reference.layers()) {
            long[] indices = java.util.Arrays.stream(selection.neurons()).asLongStream().toArray();
            entries.add(new SafetensorsWriter.Entry("selected_neurons.layer" + selection.layer() + "_residual_mean",
                    DType.I64, new long[]{indices.length}, segment -> {
                        for (int i = 0; i < indices.length; i++) {
                            segment.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                                    indices[i]);
                        }
                    }));
            alphas[selection.layer()] = selection.alpha();
        }
        entries.add(SafetensorsWriter.Entry.ofFloats("layer_weights", DType.F32, new long[]{28}, alphas));
        sequentialTensors("network.", 3).forEach((name, tensor) -> entries.add(SafetensorsWriter.Entry.ofFloats(name,
                DType.F32, java.util.Arrays.stream(tensor.shape()).asLongStream().toArray(), tensor.data())));
        try {
            JSON.writeValue(dir.resolve(HeadFiles.CONFIG).toFile(), config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SafetensorsWriter.write(dir.resolve(HeadFiles.WEIGHTS), entries);
        assertMapsToReference(HeadReader.read(dir));
    }

    @Test
    void explicitDecisionThresholdIsUsed() throws IOException {
        ObjectNode config = referenceStyleConfig(true);
        config.put("default_threshold", 0.3);
        write(config, sequentialTensors("network.", 3));
        assertEquals(0.3, HeadReader.read(dir).threshold());
    }

    @Test
    void unmappableFileReportsTheKeysAndTensorsFound() throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("base_model", "Qwen/Qwen3-0.6B");
        config.putArray("probe_layers").add(3);
        Map<String, FloatTensor> tensors = Map.of("classifier.weight", new FloatTensor(new int[]{2, 4}, new float[8]));
        write(config, tensors);
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        String message = error.getMessage();
        assertTrue(message.contains("no neuron selection"), message);
        assertTrue(message.contains("Config keys found: [base_model, probe_layers]"), message);
        assertTrue(message.contains("classifier.weight [2, 4]"), message);
    }

    @Test
    void numFeaturesThatDisagreesWithTheNeuronListsIsReported() throws IOException {
        ObjectNode config = referenceStyleConfig(true);
        config.put("num_features", reference.featureCount() + 1);
        write(config, sequentialTensors("network.", 3));
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("num_features is " + (reference.featureCount() + 1)),
                error.getMessage());
    }

    @Test
    void unknownBackboneWithoutHiddenSizeIsReported() throws IOException {
        ObjectNode config = referenceStyleConfig(true);
        config.put("base_model", "someone/other-model");
        write(config, sequentialTensors("network.", 3));
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("'someone/other-model' is not one of the released backbones"),
                error.getMessage());
    }
}
