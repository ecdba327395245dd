package dev.siren.engine.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.Backbones;
import dev.siren.engine.Golden;
import dev.siren.engine.ModelFormatException;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsFile;
import dev.siren.engine.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PEFT LoRA adapter merged into the tiny golden BertModel gives the layer means PyTorch computes with the adapter
 * applied unmerged, as in training ({@code train/lora/make_lora_golden.py}); broken adapters are refused with the
 * file and the problem.
 */
class LoraAdapterTest {

    private static final double TOLERANCE = 1e-4;
    private static final Path ADAPTER = Golden.resource("lora/bert-minilm-tiny-adapter");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void mergedAdapterMatchesPyTorch() throws IOException {
        JsonNode golden = JSON.readTree(Golden.resource("lora/bert-minilm-tiny-lora-means.json").toFile());
        List<int[]> ids = new ArrayList<>();
        golden.get("ids").forEach(seq -> ids.add(JSON.convertValue(seq, int[].class)));
        BackboneLocation location = BackboneLocation.resolve(ADAPTER.toString());
        BackboneLocation.Adapted adapted = assertInstanceOf(BackboneLocation.Adapted.class, location);
        try (Backbone backbone = location.open(dev.siren.engine.BackboneOptions.defaults());
             Backbone base = Backbones.open(Golden.model("bert-minilm-tiny-f32"))) {
            float[][][] means = assertInstanceOf(BertEncoder.class, backbone).layerMeans(ids);
            float[][][] baseMeans = ((BertEncoder) base).layerMeans(ids);
            for (int s = 0; s < ids.size(); s++) {
                for (int l = 0; l < means[s].length; l++) {
                    float[] expected = JSON.convertValue(golden.get("means").get(s).get(l), float[].class);
                    double error = Golden.relativeError(means[s][l], expected);
                    assertTrue(error <= TOLERANCE, "sequence " + s + " layer " + l + ": relative error " + error);
                    double fromBase = Golden.relativeError(baseMeans[s][l], expected);
                    assertTrue(fromBase > 1e-2, "the adapter must change layer " + l + " (" + fromBase + ")");
                }
            }
            assertTrue(backbone.info().source().contains("LoRA adapter"), backbone.info().source());
        }
        assertTrue(adapted.cacheKey().startsWith(adapted.base().cacheKey() + "+lora:"), adapted.cacheKey());
        assertEquals(3 * 6 - 1, adapted.adapter().modules().size(), "every Linear of 3 layers but the one left alone");
    }

    @Test
    void otherPeftMethodsAndSettingsAreRefused() throws IOException {
        assertRefused(config("\"peft_type\": \"LORA\"", "\"peft_type\": \"IA3\""), "peft_type", "IA3");
        assertRefused(config("\"bias\": \"none\"", "\"bias\": \"all\""), "bias", "biases");
        assertRefused(config("\"modules_to_save\": null", "\"modules_to_save\": [\"classifier\"]"),
                "modules_to_save", "whole modules");
        assertRefused(config("\"r\": 4", "\"r\": 8"), "r = 8", "lora_A [8, in]");
        assertRefused(config("\"use_rslora\": false", "\"use_rslora\": false, \"use_dora\": true"), "use_dora");
        assertRefused(config("\"use_rslora\": false", "\"use_rslora\": false, \"alpha_pattern\": {\"query\": 4}"),
                "alpha_pattern", "per-module");
    }

    @Test
    void anAdapterForAnotherModelIsRefused() throws IOException {
        Path dir = copy("foreign");
        try (SafetensorsFile file = SafetensorsFile.open(ADAPTER.resolve(LoraAdapter.WEIGHTS))) {
            List<SafetensorsWriter.Entry> entries = new ArrayList<>();
            for (String name : file.names()) {
                float[] values = file.tensor(name).toFloatArray();
                entries.add(SafetensorsWriter.Entry.ofFloats(name.replace("layer.2.", "layer.7."), DType.F32,
                        file.tensor(name).shape(), values));
            }
            SafetensorsWriter.write(dir.resolve(LoraAdapter.WEIGHTS), entries);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> BackboneLocation.resolve(dir.toString()).open(dev.siren.engine.BackboneOptions.defaults()));
        assertTrue(e.getMessage().contains("encoder.layer.7.") && e.getMessage().contains("no Linear module"),
                e.getMessage());
    }

    @Test
    void aMissingBaseIsNamed() throws IOException {
        Path dir = config("\"../../models/bert-minilm-tiny-f32\"", "\"org/no-such-model\"");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> BackboneLocation.resolve(dir.toString()));
        assertTrue(e.getMessage().contains("base_model_name_or_path 'org/no-such-model'"), e.getMessage());
    }

    @Test
    void aHalfPairIsRefused() throws IOException {
        Path dir = copy("half");
        try (SafetensorsFile file = SafetensorsFile.open(ADAPTER.resolve(LoraAdapter.WEIGHTS))) {
            List<SafetensorsWriter.Entry> entries = new ArrayList<>();
            for (String name : file.names()) {
                if (!name.equals("base_model.model.encoder.layer.0.attention.self.key.lora_B.weight")) {
                    entries.add(SafetensorsWriter.Entry.ofFloats(name, DType.F32, file.tensor(name).shape(),
                            file.tensor(name).toFloatArray()));
                }
            }
            SafetensorsWriter.write(dir.resolve(LoraAdapter.WEIGHTS), entries);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> LoraAdapter.read(dir));
        assertTrue(e.getMessage().contains("attention.self.key.lora_B.weight' is missing"), e.getMessage());
    }

    private void assertRefused(Path dir, String... expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> LoraAdapter.read(dir));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    /** A copy of the golden adapter whose config has {@code from} replaced by {@code to}. */
    private Path config(String from, String to) throws IOException {
        Path dir = copy(Integer.toHexString(from.hashCode() ^ to.hashCode()));
        String text = Files.readString(ADAPTER.resolve(LoraAdapter.CONFIG)).replaceAll(":\\s+", ": ");
        assertTrue(text.contains(from), from + " not in " + text);
        Files.writeString(dir.resolve(LoraAdapter.CONFIG),
                text.replace(from, to).replace("../../models/", ADAPTER.getParent().getParent() + "/models/"));
        assertNotEquals(text, Files.readString(dir.resolve(LoraAdapter.CONFIG)));
        return dir;
    }

    private Path copy(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(ADAPTER.resolve(LoraAdapter.WEIGHTS), dir.resolve(LoraAdapter.WEIGHTS));
        String config = Files.readString(ADAPTER.resolve(LoraAdapter.CONFIG)).replaceAll(":\\s+", ": ");
        Files.writeString(dir.resolve(LoraAdapter.CONFIG),
                config.replace("\"../../models/", "\"" + ADAPTER.getParent().getParent() + "/models/"));
        return dir;
    }
}
