package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.weights.ModelWeights;

import java.lang.foreign.Arena;

/** All parameters of a decoder model (the embedding as stored, for row lookups); the LM head is only looked up when logits are asked for. */
record DecoderWeights(WeightMatrix embedding, LayerWeights[] layers, float[] finalNorm) {

    static DecoderWeights load(ModelWeights w, DecoderConfig c, Arena arena, Parallel par) {
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = LayerWeights.load(w, c, i, arena, par);
        }
        return new DecoderWeights(
                WeightMatrix.of(w.tensor("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize())),
                layers,
                LayerWeights.vector(w, "model.norm.weight", c.hiddenSize()));
    }

    /** {@code lm_head.weight}, or the embedding when the model ties them (the file may then omit lm_head). */
    static WeightMatrix lmHead(ModelWeights w, DecoderConfig c) {
        if (w.contains("lm_head.weight") || !c.tieWordEmbeddings()) {
            return WeightMatrix.of(w.tensor("lm_head.weight", c.vocabSize(), c.hiddenSize()));
        }
        return WeightMatrix.of(w.tensor("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize()));
    }
}
