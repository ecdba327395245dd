package dev.siren.engine.bert;

import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.PackedMatrix;

import java.util.ArrayList;
import java.util.List;

/** All weights of a BERT encoder in fp32, linear weights packed for the GEMM (Q, K and V fused into one matrix). */
record BertWeights(BertConfig config, Embeddings embeddings, List<Layer> layers) {

    record Embeddings(float[] word, float[] position, float[] tokenType, Norm norm) {
    }

    record Norm(float[] weight, float[] bias) {
    }

    /** One Linear layer: y = x·weight + bias. */
    record Linear(PackedMatrix weight, float[] bias) {
    }

    /**
     * One post-LayerNorm encoder layer.
     *
     * @param queryKeyValue Q, K and V projections side by side: output columns [0, H) are Q, [H, 2H) K, [2H, 3H) V
     */
    record Layer(Linear queryKeyValue, Linear attentionOutput, Norm attentionNorm, Linear intermediate, Linear output,
                 Norm outputNorm) {
    }

    static BertWeights load(BertConfig config, BertTensorSource source) {
        int hidden = config.hiddenSize();
        Embeddings embeddings = new Embeddings(
                source.tensor("embeddings.word_embeddings.weight", config.vocabSize(), hidden),
                source.tensor("embeddings.position_embeddings.weight", config.maxPositions(), hidden),
                source.tensor("embeddings.token_type_embeddings.weight", config.typeVocabSize(), hidden),
                norm(source, "embeddings.LayerNorm", hidden));
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            String prefix = "encoder.layer." + l + ".";
            Linear query = linear(source, prefix + "attention.self.query", hidden, hidden);
            Linear key = linear(source, prefix + "attention.self.key", hidden, hidden);
            Linear value = linear(source, prefix + "attention.self.value", hidden, hidden);
            Linear queryKeyValue = new Linear(PackedMatrix.concatOutputs(query.weight(), key.weight(), value.weight()),
                    concat(query.bias(), key.bias(), value.bias()));
            layers.add(new Layer(queryKeyValue,
                    linear(source, prefix + "attention.output.dense", hidden, hidden),
                    norm(source, prefix + "attention.output.LayerNorm", hidden),
                    linear(source, prefix + "intermediate.dense", hidden, config.intermediateSize()),
                    linear(source, prefix + "output.dense", config.intermediateSize(), hidden),
                    norm(source, prefix + "output.LayerNorm", hidden)));
        }
        return new BertWeights(config, embeddings, List.copyOf(layers));
    }

    private static Linear linear(BertTensorSource source, String prefix, int in, int out) {
        return new Linear(source.linearWeight(prefix + ".weight", in, out), source.tensor(prefix + ".bias", out));
    }

    private static Norm norm(BertTensorSource source, String prefix, int size) {
        return new Norm(source.tensor(prefix + ".weight", size), source.tensor(prefix + ".bias", size));
    }

    private static float[] concat(float[]... parts) {
        int length = 0;
        for (float[] part : parts) {
            length += part.length;
        }
        float[] result = new float[length];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, result, at, part.length);
            at += part.length;
        }
        return result;
    }
}
