package dev.siren.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.engine.ModelFormatException;

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
        JsonFields f = new JsonFields(file.path(), file.json());
        String act = f.optText("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw f.error("hidden_act", "is \"" + act + "\"", "\"silu\"");
        }
        int hidden = f.requireInt("hidden_size");
        int layers = f.requireInt("num_hidden_layers");
        int heads = f.requireInt("num_attention_heads");
        int kvHeads = f.optInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw f.error("num_key_value_heads", "is " + kvHeads, "a divisor of num_attention_heads " + heads);
        }
        int headDim = f.optInt("head_dim", hidden / heads);
        if (headDim % 2 != 0) {
            throw f.error("head_dim", "is " + headDim, "an even number (RoPE rotates pairs)");
        }
        boolean attentionBias = f.optBoolean("attention_bias", false);
        boolean qwen2 = type.equals("qwen2");
        return new DecoderConfig(type, hidden, layers, heads, kvHeads, headDim,
                f.requireInt("intermediate_size"), f.requireInt("vocab_size"),
                f.optDouble("rms_norm_eps", 1e-6),
                f.optInt("max_position_embeddings", 32768),
                f.optBoolean("tie_word_embeddings", false),
                qwen2 || (attentionBias && !type.equals("mistral")),
                attentionBias && !qwen2 && !type.equals("mistral"),
                f.optBoolean("mlp_bias", false),
                type.equals("qwen3"),
                readRope(f),
                readSlidingWindows(f, type, layers));
    }

    /** transformers 5 writes {@code rope_parameters}; older files have {@code rope_theta} and {@code rope_scaling}. */
    private static RopeConfig readRope(JsonFields f) {
        JsonNode params = f.node("rope_parameters");
        String where = "rope_parameters.";
        double theta;
        if (params.isObject()) {
            theta = f.optDouble(params, where, "rope_theta", 10000);
        } else {
            theta = f.optDouble("rope_theta", 10000);
            params = f.node("rope_scaling");
            where = "rope_scaling.";
        }
        if (!params.isObject()) {
            return RopeConfig.plain(theta);
        }
        String type = params.path("rope_type").asText(params.path("type").asText("default"));
        double partial = f.optDouble(params, where, "partial_rotary_factor", 1.0);
        if (partial != 1.0) {
            throw f.error(where + "partial_rotary_factor", "is " + partial, "1.0 (partial rotary embeddings are not supported)");
        }
        return switch (type) {
            case "default" -> RopeConfig.plain(theta);
            case "linear" -> new RopeConfig(theta, type, f.optDouble(params, where, "factor", 1), 0, 0, 0);
            case "llama3" -> new RopeConfig(theta, type,
                    f.optDouble(params, where, "factor", 8),
                    f.optDouble(params, where, "low_freq_factor", 1),
                    f.optDouble(params, where, "high_freq_factor", 4),
                    f.optDouble(params, where, "original_max_position_embeddings", 8192));
            default -> throw f.error(where + "rope_type", "is \"" + type + "\"", "\"default\", \"linear\" or \"llama3\"");
        };
    }

    /**
     * Which layers use a sliding attention window: {@code layer_types} when present, otherwise Mistral's
     * {@code sliding_window} for all layers, or Qwen's {@code use_sliding_window} from {@code max_window_layers} on.
     */
    private static int[] readSlidingWindows(JsonFields f, String type, int layers) {
        int[] windows = new int[layers];
        int window = f.has("sliding_window") ? f.requireInt("sliding_window") : 0;
        JsonNode layerTypes = f.node("layer_types");
        if (layerTypes.isArray()) {
            if (layerTypes.size() != layers) {
                throw f.error("layer_types", "has " + layerTypes.size() + " entries", layers + " (num_hidden_layers)");
            }
            for (int i = 0; i < layers; i++) {
                String lt = layerTypes.get(i).asText();
                switch (lt) {
                    case "full_attention" -> windows[i] = 0;
                    case "sliding_attention" -> {
                        if (window == 0) {
                            throw f.error("sliding_window", "missing", "a window size, since layer_types has sliding_attention");
                        }
                        windows[i] = window;
                    }
                    default -> throw f.error("layer_types[" + i + "]", "is \"" + lt + "\"",
                            "\"full_attention\" or \"sliding_attention\"");
                }
            }
        } else if (type.equals("mistral")) {
            java.util.Arrays.fill(windows, window);
        } else if (f.optBoolean("use_sliding_window", false) && window > 0) {
            int from = f.optInt("max_window_layers", layers);
            for (int i = from; i < layers; i++) {
                windows[i] = window;
            }
        }
        return windows;
    }
}
