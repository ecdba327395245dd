package dev.siren.engine.config;

/**
 * The shape of a decoder-only transformer (Qwen3, Llama, Qwen2, Mistral), read from its config.json.
 *
 * @param modelType          config.json {@code model_type}
 * @param hiddenSize         width of the residual stream
 * @param numLayers          decoder layers
 * @param numHeads           query heads
 * @param numKvHeads         key/value heads (GQA: numHeads is a multiple of it)
 * @param headDim            per-head width (may differ from hiddenSize / numHeads, as in Qwen3)
 * @param intermediateSize   MLP width
 * @param vocabSize          embedding rows
 * @param rmsNormEps         RMSNorm epsilon
 * @param maxPositions       {@code max_position_embeddings}
 * @param tieWordEmbeddings  the LM head reuses the embedding matrix
 * @param qkvBias            the q/k/v projections have biases (Qwen2 always; Llama/Qwen3 {@code attention_bias})
 * @param outputBias         the o projection has a bias (Llama/Qwen3 {@code attention_bias}; never Qwen2)
 * @param mlpBias            the MLP projections have biases (Llama {@code mlp_bias})
 * @param qkNorm             per-head RMSNorm of queries and keys before RoPE (Qwen3)
 * @param rope               rotary embedding settings
 * @param slidingWindows     per layer: how many most recent keys a query sees (0 = all)
 */
public record DecoderConfig(String modelType, int hiddenSize, int numLayers, int numHeads, int numKvHeads, int headDim,
                            int intermediateSize, int vocabSize, double rmsNormEps, int maxPositions,
                            boolean tieWordEmbeddings, boolean qkvBias, boolean outputBias, boolean mlpBias,
                            boolean qkNorm, RopeConfig rope, int[] slidingWindows) {

    public int queryDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }
}
