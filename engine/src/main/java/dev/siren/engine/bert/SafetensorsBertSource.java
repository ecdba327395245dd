package dev.siren.engine.bert;

import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.weights.ModelWeights;

/**
 * BERT weights from a Hugging Face folder's safetensors. Vectors and embeddings are upcast to fp32; Linear weights
 * stay in their stored dtype (F32, F16 or BF16) until the GEMM packs them.
 */
final class SafetensorsBertSource implements BertTensorSource {

    private final ModelWeights weights;

    SafetensorsBertSource(ModelWeights weights) {
        this.weights = weights;
    }

    @Override
    public float[] tensor(String name, int... shape) {
        return weights.tensor(name, toLongs(shape)).toFloatArray();
    }

    /** torch Linear weights are stored [out, in], the layout the GEMM packs from. */
    @Override
    public WeightMatrix linearWeight(String name, int in, int out) {
        return WeightMatrix.of(weights.tensor(name, out, in));
    }

    private static long[] toLongs(int[] shape) {
        long[] longs = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            longs[i] = shape[i];
        }
        return longs;
    }
}
