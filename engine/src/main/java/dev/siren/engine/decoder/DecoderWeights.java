package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.weights.ModelWeights;

/** All parameters of a decoder model; the LM head is only looked up when logits are asked for. */
record DecoderWeights(WeightMatrix embedding, LayerWeights[] layers, float[] finalNorm) {

    static DecoderWeights load(ModelWeights w, DecoderConfig c) {
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = LayerWeights.load(w, c, i);
        }
        return new DecoderWeights(
                LayerWeights.matrix(w, "model.embed_tokens.weight", c.vocabSize(), c.hiddenSize()),
                layers,
                LayerWeights.vector(w, "model.norm.weight", c.hiddenSize()));
    }

    /** {@code lm_head.weight}, or the embedding when the model ties them (the file may then omit lm_head). */
    static WeightMatrix lmHead(ModelWeights w, DecoderConfig c) {
        if (w.contains("lm_head.weight") || !c.tieWordEmbeddings()) {
            return LayerWeights.matrix(w, "lm_head.weight", c.vocabSize(), c.hiddenSize());
        }
        return LayerWeights.matrix(w, "model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
    }
}
