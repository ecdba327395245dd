package dev.siren.guard.head;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A head folder that would make the guard fail open, or exhaust the heap, is refused at load. */
class HostileHeadTest {

    @TempDir
    Path dir;

    private String loadError() {
        String message = assertThrows(InvalidHeadException.class, () -> HeadReader.read(dir)).getMessage();
        assertFalse(message.contains("Exception") || message.contains("null"), message);
        return message;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "should mention '" + part + "': " + message);
        }
    }

    @Test
    void aNonFiniteWeightIsRefusedNamingFileAndTensor() throws IOException {
        HeadWriter.write(TestHeads.random(TestHeads.backbone(4, 16), 5, new int[] {8, 4}, 7), dir);
        Path weights = dir.resolve(HeadFiles.WEIGHTS);
        for (float poison : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Map<String, FloatTensor> tensors = HeadTensors.read(weights);
            tensors.get(HeadFiles.biasTensor(1)).data()[2] = poison; // the writer stores what it is given
            HeadTensors.write(weights, tensors);
            assertMentions(loadError(), weights.toString(), "tensor '" + HeadFiles.biasTensor(1) + "'",
                    "holds " + poison + " at element 2");
            tensors.get(HeadFiles.biasTensor(1)).data()[2] = 0.5f;
            HeadTensors.write(weights, tensors);
            HeadReader.read(dir);
        }
    }

    @Test
    void aHeadThatCannotBeWrittenLeavesThePreviousHeadIntact() throws IOException {
        SirenHead previous = TestHeads.random(TestHeads.backbone(4, 16), 5, new int[] {8, 4}, 7);
        HeadWriter.write(previous, dir);
        SirenHead fresh = TestHeads.random(TestHeads.backbone(4, 16), 5, new int[] {6}, 8);
        Map<String, Object> unwritable = new java.util.HashMap<>(fresh.provenance().hyperParameters());
        unwritable.put("solver", new Object()); // no JSON form: writing the config fails
        SirenHead broken = new SirenHead(fresh.backbone(), fresh.pooling(), fresh.maxLength(), fresh.featureDtype(),
                fresh.layers(), fresh.classifier(), fresh.threshold(), new Provenance(fresh.provenance().createdAt(),
                fresh.provenance().projectVersion(), fresh.provenance().dataFiles(), fresh.provenance().sampleCounts(),
                unwritable, fresh.provenance().metrics()));
        assertThrows(RuntimeException.class, () -> HeadWriter.write(broken, dir));
        assertEquals(previous.classifier(), HeadReader.read(dir).classifier());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void anAlphaBeyondFloatRangeIsRefused() throws IOException {
        HeadWriter.write(TestHeads.random(TestHeads.backbone(4, 16), 5, new int[] {8, 4}, 7), dir);
        Path config = dir.resolve(HeadFiles.CONFIG);
        Files.writeString(config, Files.readString(config).replaceFirst("\"alpha\" : [0-9.eE-]+", "\"alpha\" : 1e39"));
        assertMentions(loadError(), config.toString(), "field 'layers[0].alpha' must be a finite float, found 1.0E39");
    }

    @Test
    void aKeyGivenTwiceInTheConfigIsRefused() throws IOException {
        HeadWriter.write(TestHeads.random(TestHeads.backbone(4, 16), 5, new int[] {8, 4}, 7), dir);
        Path config = dir.resolve(HeadFiles.CONFIG);
        Files.writeString(config, Files.readString(config).replaceFirst("\"threshold\"", "\"threshold\" : 0.99,\n  \"threshold\""));
        assertMentions(loadError(), config.toString(), "the key 'threshold' appears twice at line");
    }

    @Test
    void hostileConfigsNameTheBrokenLimit() throws IOException {
        Path config = dir.resolve(HeadFiles.CONFIG);
        Files.writeString(config, "{\"format\": \"" + "x".repeat(2 << 20) + "\"}");
        assertMentions(loadError(), config.toString(), "a string longer than 1048576 characters",
                "the limit for a configuration file");
        Files.writeString(config, "{\"format\": " + "[".repeat(1001) + "]".repeat(1001) + "}");
        assertMentions(loadError(), config.toString(), "nested deeper than 64 levels");
        Files.writeString(config, "{\"threshold\": 0." + "5".repeat(100_000) + "}");
        assertMentions(loadError(), config.toString(), "a number longer than 100 digits");
    }
}
