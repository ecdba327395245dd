package dev.siren.tokenizer.model;

import dev.siren.tokenizer.json.JsonFields;

/** Builds the model described by tokenizer.json's "model" field. */
public final class Models {
    private Models() {
    }

    /**
     * The model; {@code byteLevel} says that a ByteLevel pre-tokenizer maps its input to bytes first (the model then
     * does that mapping itself, after its cache lookup).
     */
    public static Model fromJson(ModelJson model, boolean byteLevel) {
        JsonFields config = model.config();
        String type = config.has("type") ? config.type() : inferType(config);
        if (byteLevel && !type.equals("BPE")) {
            throw config.error("is a " + type + " model after a ByteLevel pre-tokenizer, which siren-tokenizer does "
                    + "not support (only BPE models are byte-level)");
        }
        return switch (type) {
            case "BPE" -> BpeModel.fromJson(model, byteLevel);
            case "WordPiece" -> WordPieceModel.fromJson(model);
            default -> throw config.error("is a model of type '" + type
                    + "', which siren-tokenizer does not support (supported: BPE, WordPiece)");
        };
    }

    /** Old files omit the model type; Hugging Face then recognises BPE by its merges. */
    private static String inferType(JsonFields config) {
        if (config.has("merges")) {
            return "BPE";
        }
        if (config.has("continuing_subword_prefix") && config.has("max_input_chars_per_word")) {
            return "WordPiece";
        }
        throw config.error("has no \"type\" and is neither a BPE nor a WordPiece model");
    }
}
