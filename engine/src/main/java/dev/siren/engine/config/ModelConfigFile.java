package dev.siren.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.JsonFields;
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
            JsonFields.root(json, path.toString(), ModelFormatException::new);
            return new ModelConfigFile(path, json);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(path + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        } catch (IOException e) {
            throw new ModelFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Typed access to the fields, with errors naming this file. */
    public JsonFields fields() {
        return JsonFields.of(json, path.toString(), ModelFormatException::new);
    }

    /** {@code model_type}, e.g. "qwen3", "llama", "bert". */
    public String modelType() {
        return fields().string("model_type");
    }
}
