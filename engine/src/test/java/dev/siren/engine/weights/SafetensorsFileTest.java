package dev.siren.engine.weights;

import dev.siren.engine.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corrupt or crafted safetensors headers are refused with the file and tensor named; so are non-finite weights. */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** A safetensors file with this header and these fp32 values as its data section. */
    private Path file(String header, float... data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json);
        for (float value : data) {
            bytes.putFloat(value);
        }
        return Files.write(dir.resolve("model.safetensors"), bytes.array());
    }

    private static String tensor(String name, String dtype, int elements, int begin, int end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + elements + "],\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    private static void assertRefused(Path file, String... parts) {
        String message = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file).close()).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "should mention '" + part + "': " + message);
        }
    }

    @Test
    void adjacentTensorsAndAnEmptyOneAreRead() throws IOException {
        Path ok = file("{" + tensor("a", "F32", 2, 0, 8) + "," + tensor("empty", "F32", 0, 4, 4) + ","
                + tensor("b", "F32", 1, 8, 12) + "}", 1, 2, 3);
        try (SafetensorsFile f = SafetensorsFile.open(ok)) {
            assertArrayEquals(new float[] {1, 2}, f.tensor("a").toFloatArray());
            assertArrayEquals(new float[] {3}, f.tensor("b").toFloatArray());
        }
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        assertRefused(file("{" + tensor("a", "F32", 2, 0, 8) + "," + tensor("b", "F32", 2, 4, 12) + "}", 1, 2, 3),
                "'a'", "'b'", "overlap");
        assertRefused(file("{" + tensor("a", "F32", 2, 0, 8) + "," + tensor("same", "F32", 2, 0, 8) + "}", 1, 2),
                "'a'", "'same'", "overlap");
        assertRefused(file("{" + tensor("a", "F32", 3, 0, 12) + "," + tensor("bytes", "U8", 4, 8, 12) + "}", 1, 2, 3),
                "'a'", "'bytes'", "overlap");
    }

    @Test
    void aTensorNamedTwiceIsRefused() throws IOException {
        assertRefused(file("{" + tensor("a", "F32", 1, 0, 4) + "," + tensor("a", "F32", 1, 4, 8) + "}", 1, 2),
                "the key 'a' appears twice");
    }

    @Test
    void offsetsOutsideTheDataAreRefused() throws IOException {
        assertRefused(file("{" + tensor("a", "F32", 250, 0, 1000) + "}", 1, 2), "'a'", "outside the file");
        assertRefused(file("{" + tensor("a", "F32", 1, -4, 0) + "}", 1), "'a'", "outside the file");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,0]}}"),
                "'a'", "impossibly large shape");
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingFileAndTensor() throws IOException {
        Path file = file("{" + tensor("ok", "F32", 1, 0, 4) + "," + tensor("broken", "F32", 2, 4, 12) + "}",
                1, 2, Float.NaN);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String message = assertThrows(ModelFormatException.class, () -> f.tensor("broken").toFloatArray())
                    .getMessage();
            assertTrue(message.startsWith(file + ": tensor 'broken' holds NaN at element 1"), message);
        }
        Path infinite = file("{" + tensor("w", "F32", 1, 0, 4) + "}", Float.NEGATIVE_INFINITY);
        try (SafetensorsFile f = SafetensorsFile.open(infinite)) {
            assertTrue(assertThrows(ModelFormatException.class, () -> f.tensor("w").toFloatArray()).getMessage()
                    .contains("'w' holds -Infinity"));
        }
    }
}
