package dev.siren.engine.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a BERT encoder (Hugging Face BertModel): post-LayerNorm layers, erf GELU, learned absolute
 * positions, token-type embeddings.
 */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, float layerNormEps) {

    public BertConfig {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of the head count " + numHeads);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Reads a Hugging Face config.json with model_type "bert"; fails naming the field when one is missing or unsupported. */
    public static BertConfig fromJson(Path configJson) throws IOException {
        JsonNode json = new ObjectMapper().readTree(configJson.toFile());
        String where = configJson.toString();
        String modelType = json.path("model_type").asText("");
        if (!modelType.equals("bert")) {
            throw new BertFormatException(where + ": model_type is '" + modelType + "', expected 'bert'");
        }
        String activation = json.path("hidden_act").asText("gelu");
        if (!activation.equals("gelu")) {
            throw new BertFormatException(where + ": hidden_act '" + activation + "' is not supported (only 'gelu', the erf form)");
        }
        String positions = json.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new BertFormatException(where + ": position_embedding_type '" + positions + "' is not supported (only 'absolute')");
        }
        return new BertConfig(
                requiredInt(json, "vocab_size", where),
                requiredInt(json, "hidden_size", where),
                requiredInt(json, "num_hidden_layers", where),
                requiredInt(json, "num_attention_heads", where),
                requiredInt(json, "intermediate_size", where),
                requiredInt(json, "max_position_embeddings", where),
                json.path("type_vocab_size").asInt(2),
                (float) json.path("layer_norm_eps").asDouble(1e-12));
    }

    private static int requiredInt(JsonNode json, String field, String where) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new BertFormatException(where + ": field '" + field + "' is missing or not an integer");
        }
        return value.asInt();
    }
}
