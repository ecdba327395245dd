package dev.siren.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model folder's config.json, parsed once. */
public record ModelConfigFile(Path path, JsonNode json) {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    public static ModelConfigFile read(Path modelDir) {
        Path path = modelDir.resolve("config.json");
        if (!Files.isRegularFile(path)) {
            throw new ModelFormatException(modelDir + ": no config.json (expected a Hugging Face model folder)");
        }
        try {
            JsonNode json = JSON.readTree(path.toFile());
            if (json == null || !json.isObject()) {
                throw new ModelFormatException(path + ": expected a JSON object");
            }
            return new ModelConfigFile(path, json);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(path + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        } catch (IOException e) {
            throw new ModelFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code model_type}, e.g. "qwen3", "llama", "bert". */
    public String modelType() {
        JsonNode n = json.get("model_type");
        if (n == null || !n.isTextual()) {
            throw new ModelFormatException(path + ": field 'model_type' missing (expected e.g. \"qwen3\" or \"llama\")");
        }
        return n.asText();
    }
}
