package dev.siren.engine.config;

import dev.siren.engine.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile config.json files (generated here, never stored): each is refused with the file and the broken limit
 * named, not a parser exception or a heap full of nodes.
 */
class HostileConfigTest {

    @TempDir
    Path dir;

    /** The error reading a config.json of {@code prefix}, {@code count} times {@code repeat}, then {@code suffix}. */
    private String error(String prefix, String repeat, int count, String suffix) throws IOException {
        try (Writer out = Files.newBufferedWriter(dir.resolve("config.json"), StandardCharsets.UTF_8)) {
            out.write(prefix);
            String block = repeat.repeat(1000);
            for (int i = 0; i < count / 1000; i++) {
                out.write(block);
            }
            out.write(repeat.repeat(count % 1000));
            out.write(suffix);
        }
        String message = assertThrows(ModelFormatException.class, () -> ModelConfigFile.read(dir)).getMessage();
        assertTrue(message.startsWith(dir.resolve("config.json") + ": "), message);
        assertFalse(message.contains("Exception") || message.contains("StreamReadConstraints"), message);
        return message;
    }

    @Test
    void aHugeStringIsRefused() throws IOException {
        assertTrue(error("{\"model_type\": \"", "a", 2 << 20, "\"}")
                .endsWith("a string longer than 1048576 characters (the limit for a configuration file)"));
    }

    @Test
    void deepNestingIsRefused() throws IOException {
        assertTrue(error("{\"model_type\": ", "[", 1001, "").endsWith(
                "objects or arrays nested deeper than 64 levels (the limit for a configuration file)"));
    }

    @Test
    void aHundredThousandDigitNumberIsRefused() throws IOException {
        assertTrue(error("{\"model_type\": \"qwen3\", \"hidden_size\": ", "9", 100_000, "}")
                .endsWith("a number longer than 100 digits (the limit for a configuration file)"));
    }

    @Test
    void aHugeArrayIsRefusedBeforeItFillsTheHeap() throws IOException {
        assertTrue(error("{\"model_type\": \"qwen3\", \"x\": [", "1,", 1_000_100, "1]}")
                .endsWith("more than 1000000 JSON tokens (the limit for a configuration file)"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        assertEquals(dir.resolve("config.json") + ": the key 'model_type' appears twice at line 1, column 37 (a key "
                + "may appear once per object)", error("{\"model_type\": \"qwen3\", \"model_type\": ", "", 0,
                "\"llama\"}"));
    }
}
