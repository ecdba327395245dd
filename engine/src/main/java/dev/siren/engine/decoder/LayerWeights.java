package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;

import java.lang.foreign.Arena;
import dev.siren.engine.weights.ModelWeights;

/**
 * One decoder layer's parameters, named as in Hugging Face ({@code model.layers.N.*}). Matrices are packed for the
 * GEMM (bf16 stays bf16); the small vectors (norms, biases) are copied to fp32. Absent optional parts are null.
 */
record LayerWeights(float[] inputNorm, PackedWeights q, PackedWeights k, PackedWeights v, PackedWeights o,
                    float[] qBias, float[] kBias, float[] vBias, float[] oBias, float[] qNorm, float[] kNorm,
                    float[] postAttentionNorm, PackedWeights gate, PackedWeights up, PackedWeights down,
                    float[] gateBias, float[] upBias, float[] downBias) {

    static LayerWeights load(ModelWeights w, DecoderConfig c, int layer, Arena arena, Parallel par) {
        String p = "model.layers." + layer + ".";
        int d = c.hiddenSize();
        int qd = c.queryDim();
        int kvd = c.kvDim();
        int inter = c.intermediateSize();
        return new LayerWeights(
                vector(w, p + "input_layernorm.weight", d),
                matrix(w, p + "self_attn.q_proj.weight", qd, d, arena, par),
                matrix(w, p + "self_attn.k_proj.weight", kvd, d, arena, par),
                matrix(w, p + "self_attn.v_proj.weight", kvd, d, arena, par),
                matrix(w, p + "self_attn.o_proj.weight", d, qd, arena, par),
                c.qkvBias() ? vector(w, p + "self_attn.q_proj.bias", qd) : null,
                c.qkvBias() ? vector(w, p + "self_attn.k_proj.bias", kvd) : null,
                c.qkvBias() ? vector(w, p + "self_attn.v_proj.bias", kvd) : null,
                c.outputBias() ? vector(w, p + "self_attn.o_proj.bias", d) : null,
                c.qkNorm() ? vector(w, p + "self_attn.q_norm.weight", c.headDim()) : null,
                c.qkNorm() ? vector(w, p + "self_attn.k_norm.weight", c.headDim()) : null,
                vector(w, p + "post_attention_layernorm.weight", d),
                matrix(w, p + "mlp.gate_proj.weight", inter, d, arena, par),
                matrix(w, p + "mlp.up_proj.weight", inter, d, arena, par),
                matrix(w, p + "mlp.down_proj.weight", d, inter, arena, par),
                c.mlpBias() ? vector(w, p + "mlp.gate_proj.bias", inter) : null,
                c.mlpBias() ? vector(w, p + "mlp.up_proj.bias", inter) : null,
                c.mlpBias() ? vector(w, p + "mlp.down_proj.bias", d) : null);
    }

    static PackedWeights matrix(ModelWeights w, String name, int rows, int cols, Arena arena, Parallel par) {
        return PackedWeights.pack(WeightMatrix.of(w.tensor(name, rows, cols)), arena, par);
    }

    static float[] vector(ModelWeights w, String name, int n) {
        return w.tensor(name, n).toFloatArray();
    }
}
