package dev.siren.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsFile;
import dev.siren.engine.weights.SafetensorsWriter.Entry;
import dev.siren.engine.weights.SafetensorsWriter;
import dev.siren.engine.weights.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening model folders: sharded weights, generated models of every architecture, and clear errors for bad folders. */
class ModelFolderTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<int[]> INPUT = List.of(new int[] {5, 9, 30, 2, 77, 41, 3}, new int[] {8, 8, 1});

    /** Copies a golden model folder, keeping the tensors {@code keep} accepts (renamed/reshaped by nobody). */
    private Path copyModel(String golden, Predicate<String> keep) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("copy"));
        Files.copy(Golden.model(golden).resolve("config.json"), dir.resolve("config.json"));
        try (SafetensorsFile f = SafetensorsFile.open(Golden.model(golden).resolve("model.safetensors"))) {
            List<Entry> entries = new ArrayList<>();
            for (String name : f.names()) {
                if (keep.test(name)) {
                    Tensor t = f.tensor(name);
                    entries.add(new Entry(name, t.dtype(), t.shape(), seg -> seg.copyFrom(t.data())));
                }
            }
            SafetensorsWriter.write(dir.resolve("model.safetensors"), entries);
        }
        return dir;
    }

    private static String errorOpening(Path dir) {
        return assertThrows(ModelFormatException.class, () -> Backbones.open(dir).close()).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
        }
    }

    @Test
    void shardedWeightsGiveTheSameMeansAsOneFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sharded"));
        Files.copy(Golden.model("qwen3-tiny").resolve("config.json"), dir.resolve("config.json"));
        ObjectNode index = JSON.createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        try (SafetensorsFile f = SafetensorsFile.open(Golden.model("qwen3-tiny").resolve("model.safetensors"))) {
            List<List<Entry>> shards = List.of(new ArrayList<>(), new ArrayList<>());
            for (String name : f.names()) {
                Tensor t = f.tensor(name);
                int shard = name.contains("layers.0.") || name.contains("embed") ? 0 : 1;
                shards.get(shard).add(new Entry(name, t.dtype(), t.shape(), seg -> seg.copyFrom(t.data())));
                map.put(name, "model-0000" + (shard + 1) + "-of-00002.safetensors");
            }
            for (int s = 0; s < 2; s++) {
                SafetensorsWriter.write(dir.resolve("model-0000" + (s + 1) + "-of-00002.safetensors"), shards.get(s));
            }
        }
        JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        try (Backbone one = Backbones.open(Golden.model("qwen3-tiny"));
             Backbone sharded = Backbones.open(dir)) {
            float[][][] a = one.layerMeans(INPUT);
            float[][][] b = sharded.layerMeans(INPUT);
            for (int s = 0; s < a.length; s++) {
                for (int l = 0; l < a[s].length; l++) {
                    assertTrue(Golden.relativeError(b[s][l], a[s][l]) < 1e-6);
                }
            }
        }
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertMentions(errorOpening(dir), "model.safetensors.index.json", "shard 'model-00002-of-00002.safetensors'", "not found");
    }

    @Test
    void generatedModelsOfEveryArchitectureRunAndAppendIncrementally() {
        int[] none = new int[2];
        List<DecoderConfig> configs = List.of(
                new DecoderConfig("qwen3", 32, 2, 4, 2, 16, 48, 100, 1e-6, 512, true, false, false, false, true,
                        RopeConfig.plain(1e6), none),
                new DecoderConfig("qwen2", 32, 2, 2, 1, 16, 48, 100, 1e-6, 512, false, true, false, false, false,
                        RopeConfig.plain(1e4), none),
                new DecoderConfig("llama", 48, 2, 3, 1, 16, 64, 100, 1e-5, 512, true, true, true, true, false,
                        new RopeConfig(5e5, "llama3", 8, 1, 4, 64), none),
                new DecoderConfig("mistral", 32, 2, 2, 2, 16, 48, 100, 1e-5, 512, false, false, false, false, false,
                        RopeConfig.plain(1e4), new int[] {4, 4}));
        for (DecoderConfig c : configs) {
            for (DType dtype : List.of(DType.BF16, DType.F16, DType.F32)) {
                Path dir = tmp.resolve(c.modelType() + "-" + dtype);
                RandomModelGenerator.write(c, dtype, 7, dir, (done, total) -> { });
                try (Backbone b = Backbones.open(dir, new BackboneOptions(2, 1024));
                     IncrementalSequence seq = b.newSequence(16, 4)) {
                    assertEquals(c.modelType(), b.info().architecture());
                    float[][] full = b.layerMeans(List.of(INPUT.getFirst()))[0];
                    seq.append(Arrays.copyOf(INPUT.getFirst(), 3));
                    seq.append(Arrays.copyOfRange(INPUT.getFirst(), 3, 7));
                    for (int l = 0; l < c.numLayers(); l++) {
                        assertTrue(Float.isFinite(full[l][0]));
                        assertTrue(Golden.relativeError(seq.layerMeans()[l], full[l]) < 1e-6, c.modelType() + " " + dtype);
                    }
                }
            }
        }
    }

    @Test
    void missingConfigOrUnsupportedArchitecture() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMentions(errorOpening(empty), "no config.json");
        Files.writeString(empty.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        assertMentions(errorOpening(empty), "model_type 'gpt2' is not supported", "qwen3", "llama");
        Files.writeString(empty.resolve("config.json"), "{\"model_type\": \"llama\", ");
        assertMentions(errorOpening(empty), "config.json", "not valid JSON");
        assertMentions(errorOpening(tmp.resolve("nowhere")), "not a directory");
    }

    @Test
    void badConfigFieldsAreNamed() throws IOException {
        Path dir = copyModel("qwen3-tiny", n -> true);
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        config.remove("hidden_size");
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        assertMentions(errorOpening(dir), "config.json", "field 'hidden_size' is missing");
        config.put("hidden_size", 64);
        ((ObjectNode) config.get("rope_parameters")).put("rope_type", "yarn");
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        assertMentions(errorOpening(dir), "field 'rope_parameters.rope_type' must be", "found \"yarn\"");
    }

    @Test
    void missingTensorAndWrongShapeAreNamed() throws IOException {
        Path dir = copyModel("llama32-tiny", n -> !n.equals("model.layers.1.mlp.up_proj.weight"));
        assertMentions(errorOpening(dir), "tensor 'model.layers.1.mlp.up_proj.weight' not found", dir.toString());
        Path wrong = tmp.resolve("wrong");
        Files.createDirectories(wrong);
        Files.copy(Golden.model("llama32-tiny").resolve("model.safetensors"), wrong.resolve("model.safetensors"));
        ObjectNode config = (ObjectNode) JSON.readTree(Golden.model("llama32-tiny").resolve("config.json").toFile());
        config.put("intermediate_size", 96);
        JSON.writeValue(wrong.resolve("config.json").toFile(), config);
        assertMentions(errorOpening(wrong), "model.safetensors", "'model.layers.0.mlp.gate_proj.weight'",
                "shape [128, 64]", "expected [96, 64]");
    }

    @Test
    void truncatedCorruptOrUnsupportedFilesAreNamed() throws IOException {
        Path dir = copyModel("qwen3-tiny", n -> true);
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertMentions(errorOpening(dir), "model.safetensors", "truncated");
        Files.write(file, Arrays.copyOf(bytes, 4));
        assertMentions(errorOpening(dir), "truncated");
        byte[] garbage = bytes.clone();
        garbage[8] = '#'; // the opening brace of the JSON header
        Files.write(file, garbage);
        assertMentions(errorOpening(dir), "corrupt safetensors header");

        String header = "{\"model.norm.weight\":{\"dtype\":\"U8\",\"shape\":[64],\"data_offsets\":[0,64]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] u8 = new byte[8 + h.length + 64];
        u8[0] = (byte) h.length;
        System.arraycopy(h, 0, u8, 8, h.length);
        Path u8File = tmp.resolve("u8.safetensors");
        Files.write(u8File, u8);
        try (SafetensorsFile f = SafetensorsFile.open(u8File)) {
            var e = assertThrows(ModelFormatException.class, () -> f.tensor("model.norm.weight"));
            assertMentions(e.getMessage(), "u8.safetensors", "'model.norm.weight'", "unsupported dtype U8");
        }
    }
}
