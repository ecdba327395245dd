package dev.siren.engine.config;

import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.JsonFields;

import java.util.List;
import java.util.Set;

/** Reads a {@link DecoderConfig} from config.json; every size comes from the file, none is assumed per model. */
public final class DecoderConfigReader {

    public static final Set<String> MODEL_TYPES = Set.of("qwen3", "qwen2", "llama", "mistral");

    private DecoderConfigReader() {
    }

    public static DecoderConfig read(ModelConfigFile file) {
        String type = file.modelType();
        if (!MODEL_TYPES.contains(type)) {
            throw new ModelFormatException(file.path() + ": model_type '" + type + "' is not a supported decoder (supported: "
                    + String.join(", ", MODEL_TYPES.stream().sorted().toList()) + ")");
        }
        JsonFields f = file.fields();
        if (!f.string("hidden_act", "silu").equals("silu")) {
            throw f.get("hidden_act").mismatch("\"silu\"");
        }
        int hidden = f.positiveInt("hidden_size");
        int layers = f.positiveInt("num_hidden_layers");
        int heads = f.positiveInt("num_attention_heads");
        int kvHeads = f.positiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw f.get("num_key_value_heads").mismatch("a divisor of num_attention_heads " + heads);
        }
        int headDim = f.positiveInt("head_dim", hidden / heads);
        if (headDim % 2 != 0) {
            throw f.get("head_dim").mismatch("an even number (RoPE rotates pairs)");
        }
        boolean attentionBias = f.bool("attention_bias", false);
        boolean qwen2 = type.equals("qwen2");
        return new DecoderConfig(type, hidden, layers, heads, kvHeads, headDim,
                f.positiveInt("intermediate_size"), f.positiveInt("vocab_size"),
                f.number("rms_norm_eps", 1e-6),
                f.positiveInt("max_position_embeddings", 32768),
                f.bool("tie_word_embeddings", false),
                qwen2 || (attentionBias && !type.equals("mistral")),
                attentionBias && !qwen2 && !type.equals("mistral"),
                f.bool("mlp_bias", false),
                type.equals("qwen3"),
                readRope(f),
                readSlidingWindows(f, type, layers));
    }

    /** transformers 5 writes {@code rope_parameters}; older files have {@code rope_theta} and {@code rope_scaling}. */
    private static RopeConfig readRope(JsonFields f) {
        JsonFields params = f.get("rope_parameters");
        double theta;
        if (!params.isNull() && params.node().isObject()) {
            theta = params.number("rope_theta", 10000);
        } else {
            theta = f.number("rope_theta", 10000);
            params = f.get("rope_scaling");
        }
        if (params.isNull() || !params.node().isObject()) {
            return RopeConfig.plain(theta);
        }
        String type = params.node().path("rope_type").asText(params.node().path("type").asText("default"));
        if (params.number("partial_rotary_factor", 1.0) != 1.0) {
            throw params.get("partial_rotary_factor").mismatch("1.0 (partial rotary embeddings are not supported)");
        }
        return switch (type) {
            case "default" -> RopeConfig.plain(theta);
            case "linear" -> new RopeConfig(theta, type, params.number("factor", 1), 0, 0, 0);
            case "llama3" -> new RopeConfig(theta, type,
                    params.number("factor", 8),
                    params.number("low_freq_factor", 1),
                    params.number("high_freq_factor", 4),
                    params.number("original_max_position_embeddings", 8192));
            default -> throw params.get(params.has("rope_type") ? "rope_type" : "type")
                    .mismatch("\"default\", \"linear\" or \"llama3\"");
        };
    }

    /**
     * Which layers use a sliding attention window: {@code layer_types} when present, otherwise Mistral's
     * {@code sliding_window} for all layers, or Qwen's {@code use_sliding_window} from {@code max_window_layers} on.
     */
    private static int[] readSlidingWindows(JsonFields f, String type, int layers) {
        int[] windows = new int[layers];
        int window = f.positiveInt("sliding_window", 0);
        if (f.has("layer_types") && f.get("layer_types").node().isArray()) {
            List<JsonFields> layerTypes = f.array("layer_types");
            if (layerTypes.size() != layers) {
                throw f.fieldError("layer_types", "has " + layerTypes.size() + " entries, num_hidden_layers is " + layers);
            }
            for (int i = 0; i < layers; i++) {
                switch (layerTypes.get(i).node().asText()) {
                    case "full_attention" -> windows[i] = 0;
                    case "sliding_attention" -> {
                        if (window == 0) {
                            throw f.fieldError("sliding_window", "is missing (layer_types has sliding_attention)");
                        }
                        windows[i] = window;
                    }
                    default -> throw layerTypes.get(i).mismatch("\"full_attention\" or \"sliding_attention\"");
                }
            }
        } else if (type.equals("mistral")) {
            java.util.Arrays.fill(windows, window);
        } else if (f.bool("use_sliding_window", false) && window > 0) {
            int from = f.integer("max_window_layers", layers);
            for (int i = from; i < layers; i++) {
                windows[i] = window;
            }
        }
        return windows;
    }
}
