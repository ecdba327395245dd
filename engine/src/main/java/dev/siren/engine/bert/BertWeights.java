package dev.siren.engine.bert;

import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * All weights of a BERT encoder: vectors and embeddings in fp32, Linear weights packed for the engine's GEMM
 * (in the arena given to {@link #load}), with Q, K and V fused into one matrix.
 */
record BertWeights(BertConfig config, Embeddings embeddings, List<Layer> layers) {

    record Embeddings(float[] word, float[] position, float[] tokenType, Norm norm) {
    }

    record Norm(float[] weight, float[] bias) {
    }

    /** One Linear layer: y = x·weightᵀ + bias (weight in nn.Linear layout [out, in]). */
    record Linear(PackedWeights weight, float[] bias) {
    }

    /**
     * One post-LayerNorm encoder layer.
     *
     * @param queryKeyValue Q, K and V projections side by side: output columns [0, H) are Q, [H, 2H) K, [2H, 3H) V
     */
    record Layer(Linear queryKeyValue, Linear attentionOutput, Norm attentionNorm, Linear intermediate, Linear output,
                 Norm outputNorm) {
    }

    static BertWeights load(BertConfig config, BertTensorSource source, Arena arena, Parallel parallel) {
        int hidden = config.hiddenSize();
        Embeddings embeddings = new Embeddings(
                source.tensor("embeddings.word_embeddings.weight", config.vocabSize(), hidden),
                source.tensor("embeddings.position_embeddings.weight", config.maxPositions(), hidden),
                source.tensor("embeddings.token_type_embeddings.weight", config.typeVocabSize(), hidden),
                norm(source, "embeddings.LayerNorm", hidden));
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            String prefix = "encoder.layer." + l + ".";
            List<String> qkv = List.of(prefix + "attention.self.query", prefix + "attention.self.key",
                    prefix + "attention.self.value");
            Linear queryKeyValue = new Linear(source.packedLinear(prefix + "attention.self.qkv",
                    qkv.stream().map(part -> part + ".weight").toList(), hidden, hidden, arena, parallel),
                    concat(qkv.stream().map(part -> source.tensor(part + ".bias", hidden)).toArray(float[][]::new)));
            layers.add(new Layer(queryKeyValue,
                    linear(source, prefix + "attention.output.dense", hidden, hidden, arena, parallel),
                    norm(source, prefix + "attention.output.LayerNorm", hidden),
                    linear(source, prefix + "intermediate.dense", hidden, config.intermediateSize(), arena, parallel),
                    linear(source, prefix + "output.dense", config.intermediateSize(), hidden, arena, parallel),
                    norm(source, prefix + "output.LayerNorm", hidden)));
        }
        return new BertWeights(config, embeddings, List.copyOf(layers));
    }

    private static Linear linear(BertTensorSource source, String prefix, int in, int out, Arena arena, Parallel parallel) {
        return new Linear(source.packedLinear(prefix + ".weight", List.of(prefix + ".weight"), in, out, arena, parallel),
                source.tensor(prefix + ".bias", out));
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
