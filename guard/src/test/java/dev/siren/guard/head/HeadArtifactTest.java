package dev.siren.guard.head;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadArtifactTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SirenHead head() {
        return TestHeads.random(TestHeads.backbone(4, 16), 5, new int[]{8, 4}, 7);
    }

    @Test
    void writeThenReadGivesTheSameHead() throws IOException {
        SirenHead head = head();
        HeadWriter.write(head, dir);
        SirenHead read = HeadReader.read(dir);
        assertEquals(head.backbone(), read.backbone());
        assertEquals(head.layers(), read.layers());
        assertEquals(head.classifier(), read.classifier());
        assertEquals(head.featureDtype(), read.featureDtype());
        assertEquals(head.threshold(), read.threshold());
        assertEquals(head.maxLength(), read.maxLength());
        assertEquals(head.provenance().dataFiles(), read.provenance().dataFiles());
        assertEquals(head.provenance().sampleCounts(), read.provenance().sampleCounts());
        assertEquals(head.provenance().hyperParameters(), read.provenance().hyperParameters());
        assertEquals(head.provenance().metrics(), read.provenance().metrics());
        float[][] means = new float[4][16];
        for (int l = 0; l < 4; l++) {
            for (int i = 0; i < 16; i++) {
                means[l][i] = (float) Math.sin(l * 16 + i);
            }
        }
        assertEquals(head.score(means), read.score(means));
    }

    @Test
    void configIsHumanReadableJsonWithTheDocumentedFields() throws IOException {
        HeadWriter.write(head(), dir);
        var config = JSON.readTree(dir.resolve(HeadFiles.CONFIG).toFile());
        assertEquals("siren-java-head", config.get("format").asText());
        assertEquals("residual_mean", config.get("pooling").asText());
        assertEquals(4, config.get("layers").size());
        assertEquals("relu", config.get("mlp").get("activation").asText());
        assertTrue(config.get("provenance").get("data_files").get(0).has("sha256"));
    }

    @Test
    void missingConfigOrWeightsNameTheMissingFile() throws IOException {
        var noFolder = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir.resolve("absent")));
        assertTrue(noFolder.getMessage().contains("head folder not found"), noFolder.getMessage());
        var noConfig = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(noConfig.getMessage().contains("no siren_config.json"), noConfig.getMessage());
        HeadWriter.write(head(), dir);
        Files.delete(dir.resolve(HeadFiles.WEIGHTS));
        var noWeights = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(noWeights.getMessage().contains("no siren.safetensors"), noWeights.getMessage());
    }

    @Test
    void neuronIndexOutOfRangeIsReportedWithItsField() throws IOException {
        String message = corruptConfig(config -> ((ArrayNode) config.get("layers").get(2).get("neurons")).set(0, 16));
        assertTrue(message.contains("layers[2].neurons[0]' = 16 is out of range"), message);
        assertTrue(message.contains("[0, 16)"), message);
    }

    @Test
    void missingAndMistypedFieldsAreNamed() throws IOException {
        assertTrue(corruptConfig(config -> ((ObjectNode) config.get("backbone")).remove("hidden_size"))
                .contains("field 'backbone.hidden_size' is missing"));
        assertTrue(corruptConfig(config -> ((ObjectNode) config).put("max_length", "long"))
                .contains("field 'max_length' must be an integer, found \"long\""));
        assertTrue(corruptConfig(config -> ((ObjectNode) config).put("threshold", 1.5))
                .contains("field 'threshold' must lie in [0, 1], found 1.5"));
        assertTrue(corruptConfig(config -> ((ObjectNode) config).put("format_version", 9))
                .contains("field 'format_version' is 9"));
    }

    @Test
    void layerCountMismatchWithBackboneIsReported() throws IOException {
        String message = corruptConfig(config -> ((ObjectNode) config.get("backbone")).put("num_layers", 5));
        assertTrue(message.contains("field 'layers' has 4 entries but backbone.num_layers is 5"), message);
    }

    @Test
    void tensorShapeDisagreeingWithConfigIsReported() throws IOException {
        SirenHead head = head();
        HeadWriter.write(head, dir);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(HeadTensors.read(dir.resolve(HeadFiles.WEIGHTS)));
        tensors.put("mlp.1.weight", new FloatTensor(new int[]{4, 7}, new float[28]));
        HeadTensors.write(dir.resolve(HeadFiles.WEIGHTS), tensors);
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("tensor 'mlp.1.weight' has shape [4, 7], expected [4, 8]"),
                error.getMessage());
        assertTrue(error.getMessage().contains("siren.safetensors"), error.getMessage());
    }

    @Test
    void missingTensorIsReportedWithWhatWasFound() throws IOException {
        HeadWriter.write(head(), dir);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(HeadTensors.read(dir.resolve(HeadFiles.WEIGHTS)));
        tensors.remove("mlp.2.bias");
        HeadTensors.write(dir.resolve(HeadFiles.WEIGHTS), tensors);
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("tensor 'mlp.2.bias' is missing"), error.getMessage());
    }

    @Test
    void truncatedOrGarbageWeightsAreReportedAsCorrupt() throws IOException {
        HeadWriter.write(head(), dir);
        Path weights = dir.resolve(HeadFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        var truncated = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(truncated.getMessage().contains("siren.safetensors"), truncated.getMessage());
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        Files.writeString(weights, "this is not a safetensors file at all");
        var garbage = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(garbage.getMessage().contains("header length"), garbage.getMessage());
    }

    @Test
    void invalidJsonNamesLineAndColumn() throws IOException {
        HeadWriter.write(head(), dir);
        Files.writeString(dir.resolve(HeadFiles.CONFIG), "{\n  \"format\": \"siren-java-head\",,\n}");
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }

    @Test
    void backboneMismatchNamesBothModels() {
        BackboneRef ref = TestHeads.backbone(4, 16);
        ref.checkMatches(new ModelInfo("qwen3", 4, 16, 512, "/models/tiny"));
        var error = assertThrows(InvalidHeadException.class,
                () -> ref.checkMatches(new ModelInfo("llama", 4, 32, 512, "/models/other")));
        assertTrue(error.getMessage().contains("test/tiny-backbone"), error.getMessage());
        assertTrue(error.getMessage().contains("/models/other is llama with 4 layers and hidden size 32"),
                error.getMessage());
    }

    private String corruptConfig(Consumer<com.fasterxml.jackson.databind.JsonNode> change) throws IOException {
        HeadWriter.write(head(), dir);
        var config = JSON.readTree(dir.resolve(HeadFiles.CONFIG).toFile());
        change.accept(config);
        JSON.writeValue(dir.resolve(HeadFiles.CONFIG).toFile(), config);
        var error = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir));
        assertTrue(error.getMessage().contains("siren_config.json"), error.getMessage());
        return error.getMessage();
    }
}
