package dev.siren.engine.config;

import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.JsonFields;

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
        JsonFields f = file.fields();
        if (!f.string("hidden_act", "gelu").equals("gelu")) {
            throw f.get("hidden_act").mismatch("\"gelu\" (the exact erf GELU)");
        }
        if (!f.string("position_embedding_type", "absolute").equals("absolute")) {
            throw f.get("position_embedding_type").mismatch("\"absolute\"");
        }
        int hidden = f.positiveInt("hidden_size");
        int heads = f.positiveInt("num_attention_heads");
        if (hidden % heads != 0) {
            throw f.get("num_attention_heads").mismatch("a divisor of hidden_size " + hidden);
        }
        return new BertConfig(f.positiveInt("vocab_size"), hidden, f.positiveInt("num_hidden_layers"), heads,
                f.positiveInt("intermediate_size"), f.positiveInt("max_position_embeddings"),
                f.positiveInt("type_vocab_size", 2), (float) f.number("layer_norm_eps", 1e-12));
    }
}
