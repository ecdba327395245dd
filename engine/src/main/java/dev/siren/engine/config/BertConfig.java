package dev.siren.engine.config;

/**
 * The shape of a BERT encoder (Hugging Face BertModel): post-LayerNorm layers, erf GELU, learned absolute
 * positions, token-type embeddings.
 *
 * @param vocabSize        word-embedding rows
 * @param hiddenSize       width of the residual stream
 * @param numLayers        encoder layers
 * @param numHeads         attention heads (hiddenSize is a multiple of it)
 * @param intermediateSize feed-forward width
 * @param maxPositions     position-embedding rows: the longest input
 * @param typeVocabSize    token-type (segment) embedding rows
 * @param layerNormEps     LayerNorm epsilon
 */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, float layerNormEps) {

    public BertConfig {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of the head count " + numHeads);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
