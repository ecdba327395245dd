package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.weights.ModelWeights;

/**
 * One decoder layer's parameters, named as in Hugging Face ({@code model.layers.N.*}). Matrices stay in their
 * stored dtype; the small vectors (norms, biases) are copied to fp32. Absent optional parts are null.
 */
record LayerWeights(float[] inputNorm, WeightMatrix q, WeightMatrix k, WeightMatrix v, WeightMatrix o,
                    float[] qBias, float[] kBias, float[] vBias, float[] oBias, float[] qNorm, float[] kNorm,
                    float[] postAttentionNorm, WeightMatrix gate, WeightMatrix up, WeightMatrix down,
                    float[] gateBias, float[] upBias, float[] downBias) {

    static LayerWeights load(ModelWeights w, DecoderConfig c, int layer) {
        String p = "model.layers." + layer + ".";
        int d = c.hiddenSize();
        int qd = c.queryDim();
        int kvd = c.kvDim();
        int inter = c.intermediateSize();
        return new LayerWeights(
                vector(w, p + "input_layernorm.weight", d),
                matrix(w, p + "self_attn.q_proj.weight", qd, d),
                matrix(w, p + "self_attn.k_proj.weight", kvd, d),
                matrix(w, p + "self_attn.v_proj.weight", kvd, d),
                matrix(w, p + "self_attn.o_proj.weight", d, qd),
                c.qkvBias() ? vector(w, p + "self_attn.q_proj.bias", qd) : null,
                c.qkvBias() ? vector(w, p + "self_attn.k_proj.bias", kvd) : null,
                c.qkvBias() ? vector(w, p + "self_attn.v_proj.bias", kvd) : null,
                c.outputBias() ? vector(w, p + "self_attn.o_proj.bias", d) : null,
                c.qkNorm() ? vector(w, p + "self_attn.q_norm.weight", c.headDim()) : null,
                c.qkNorm() ? vector(w, p + "self_attn.k_norm.weight", c.headDim()) : null,
                vector(w, p + "post_attention_layernorm.weight", d),
                matrix(w, p + "mlp.gate_proj.weight", inter, d),
                matrix(w, p + "mlp.up_proj.weight", inter, d),
                matrix(w, p + "mlp.down_proj.weight", d, inter),
                c.mlpBias() ? vector(w, p + "mlp.gate_proj.bias", inter) : null,
                c.mlpBias() ? vector(w, p + "mlp.up_proj.bias", inter) : null,
                c.mlpBias() ? vector(w, p + "mlp.down_proj.bias", d) : null);
    }

    static WeightMatrix matrix(ModelWeights w, String name, int rows, int cols) {
        return WeightMatrix.of(w.tensor(name, rows, cols));
    }

    static float[] vector(ModelWeights w, String name, int n) {
        return w.tensor(name, n).toFloatArray();
    }
}
