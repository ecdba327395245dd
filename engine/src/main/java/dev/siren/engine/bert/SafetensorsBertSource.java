package dev.siren.engine.bert;

import dev.siren.engine.kernels.PackedMatrix;
import dev.siren.engine.weights.ModelWeights;

/** BERT weights from a Hugging Face folder's safetensors (F32, F16 or BF16, upcast to fp32 once at load). */
final class SafetensorsBertSource implements BertTensorSource {

    private final ModelWeights weights;

    SafetensorsBertSource(ModelWeights weights) {
        this.weights = weights;
    }

    @Override
    public float[] tensor(String name, int... shape) {
        return weights.tensor(name, toLongs(shape)).toFloatArray();
    }

    /** torch Linear weights are stored [out, in]. */
    @Override
    public PackedMatrix linearWeight(String name, int in, int out) {
        return PackedMatrix.fromOutIn(weights.tensor(name, out, in).toFloatArray(), in, out);
    }

    private static long[] toLongs(int[] shape) {
        long[] longs = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            longs[i] = shape[i];
        }
        return longs;
    }
}
