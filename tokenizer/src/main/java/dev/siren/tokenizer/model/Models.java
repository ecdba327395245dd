package dev.siren.tokenizer.model;

import dev.siren.tokenizer.text.JsonConfig;

/** Builds the model described by tokenizer.json's "model" field. */
public final class Models {
    private Models() {
    }

    public static Model fromJson(JsonConfig config) {
        String type = config.has("type") ? config.type() : inferType(config);
        return switch (type) {
            case "BPE" -> BpeModel.fromJson(config);
            case "WordPiece" -> WordPieceModel.fromJson(config);
            default -> throw config.error("is a model of type '" + type
                    + "', which siren-tokenizer does not support (supported: BPE, WordPiece)");
        };
    }

    /** Old files omit the model type; Hugging Face then recognises BPE by its merges. */
    private static String inferType(JsonConfig config) {
        if (config.has("merges")) {
            return "BPE";
        }
        if (config.has("continuing_subword_prefix") && config.has("max_input_chars_per_word")) {
            return "WordPiece";
        }
        throw config.error("has no \"type\" and is neither a BPE nor a WordPiece model");
    }
}
