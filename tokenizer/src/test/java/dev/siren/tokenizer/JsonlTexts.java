package dev.siren.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The texts of JSON Lines data files, for differential sweeps on real data (see {@link DifferentialTest}). */
final class JsonlTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlTexts() {
    }

    static List<String> read(String... files) {
        List<String> texts = new ArrayList<>();
        for (String file : files) {
            try (BufferedReader in = Files.newBufferedReader(Path.of(file.trim()))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        add(JSON.readTree(line), texts);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return texts;
    }

    private static void add(JsonNode row, List<String> texts) {
        for (String field : new String[] {"text", "prompt", "response"}) {
            if (row.path(field).isTextual()) {
                texts.add(row.get(field).asText());
            }
        }
        if (row.path("prompt").isTextual() && row.path("response").isTextual()) {
            texts.add(row.get("prompt").asText() + "\n" + row.get("response").asText());
        }
    }
}
