package dev.siren.engine.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link DecoderConfig} as a Hugging Face config.json (transformers-5 style {@code rope_parameters}). */
public final class DecoderConfigWriter {

    private DecoderConfigWriter() {
    }

    public static ObjectNode toJson(DecoderConfig c, String dtype) {
        ObjectNode j = new ObjectMapper().createObjectNode();
        j.putArray("architectures").add(switch (c.modelType()) {
            case "qwen3" -> "Qwen3ForCausalLM";
            case "qwen2" -> "Qwen2ForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            default -> "LlamaForCausalLM";
        });
        j.put("model_type", c.modelType());
        j.put("dtype", dtype);
        j.put("hidden_act", "silu");
        j.put("hidden_size", c.hiddenSize());
        j.put("num_hidden_layers", c.numLayers());
        j.put("num_attention_heads", c.numHeads());
        j.put("num_key_value_heads", c.numKvHeads());
        j.put("head_dim", c.headDim());
        j.put("intermediate_size", c.intermediateSize());
        j.put("vocab_size", c.vocabSize());
        j.put("rms_norm_eps", c.rmsNormEps());
        j.put("max_position_embeddings", c.maxPositions());
        j.put("tie_word_embeddings", c.tieWordEmbeddings());
        if (!c.modelType().equals("qwen2")) {
            j.put("attention_bias", c.outputBias());
        }
        j.put("mlp_bias", c.mlpBias());
        RopeConfig r = c.rope();
        ObjectNode rope = j.putObject("rope_parameters");
        rope.put("rope_theta", r.theta());
        rope.put("rope_type", r.type());
        if (!r.type().equals("default")) {
            rope.put("factor", r.factor());
        }
        if (r.type().equals("llama3")) {
            rope.put("low_freq_factor", r.lowFreqFactor());
            rope.put("high_freq_factor", r.highFreqFactor());
            rope.put("original_max_position_embeddings", (int) r.originalMaxPositions());
        }
        int window = 0;
        ArrayNode types = j.putArray("layer_types");
        for (int w : c.slidingWindows()) {
            types.add(w > 0 ? "sliding_attention" : "full_attention");
            window = Math.max(window, w);
        }
        if (window > 0) {
            j.put("sliding_window", window);
        }
        return j;
    }
}
