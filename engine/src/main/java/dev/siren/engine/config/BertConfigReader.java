package dev.siren.engine.config;

import dev.siren.engine.ModelFormatException;

/** Reads a {@link BertConfig} from a Hugging Face config.json with model_type "bert". */
public final class BertConfigReader {

    public static final String MODEL_TYPE = "bert";

    private BertConfigReader() {
    }

    public static BertConfig read(ModelConfigFile file) {
        String type = file.modelType();
        if (!type.equals(MODEL_TYPE)) {
            throw new ModelFormatException(file.path() + ": model_type '" + type + "', expected '" + MODEL_TYPE + "'");
        }
        JsonFields f = new JsonFields(file.path(), file.json());
        String activation = f.optText("hidden_act", "gelu");
        if (!activation.equals("gelu")) {
            throw f.error("hidden_act", "is \"" + activation + "\"", "\"gelu\" (the exact erf GELU)");
        }
        String positions = f.optText("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw f.error("position_embedding_type", "is \"" + positions + "\"", "\"absolute\"");
        }
        int hidden = f.requireInt("hidden_size");
        int heads = f.requireInt("num_attention_heads");
        if (hidden % heads != 0) {
            throw f.error("num_attention_heads", "is " + heads, "a divisor of hidden_size " + hidden);
        }
        return new BertConfig(f.requireInt("vocab_size"), hidden, f.requireInt("num_hidden_layers"), heads,
                f.requireInt("intermediate_size"), f.requireInt("max_position_embeddings"),
                f.optInt("type_vocab_size", 2), (float) f.optDouble("layer_norm_eps", 1e-12));
    }
}
