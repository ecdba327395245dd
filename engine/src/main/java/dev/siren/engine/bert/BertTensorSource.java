package dev.siren.engine.bert;

import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;

import java.lang.foreign.Arena;
import java.util.List;

/**
 * BERT tensors by their Hugging Face names (e.g. {@code encoder.layer.0.attention.self.query.weight}), whatever
 * file format holds them. Implementations check shapes and fail with a ModelFormatException naming the file and
 * tensor.
 */
interface BertTensorSource {

    /** A tensor with the given shape, as fp32 row-major values. */
    float[] tensor(String name, int... shape);

    /** The weight of a Linear layer with {@code in} inputs and {@code out} outputs, in nn.Linear layout [out, in]. */
    WeightMatrix linearWeight(String name, int in, int out);

    /**
     * The Linear weights {@code names} (each with {@code in} inputs and {@code out} outputs), their outputs stacked
     * in that order into one matrix named {@code name}, packed for the GEMM in {@code arena}.
     */
    default PackedWeights packedLinear(String name, List<String> names, int in, int out, Arena arena, Parallel parallel) {
        if (names.size() == 1) {
            return PackedWeights.pack(linearWeight(names.getFirst(), in, out), arena, parallel);
        }
        float[] stacked = new float[names.size() * out * in];
        for (int i = 0; i < names.size(); i++) {
            Kernels.toFloat(linearWeight(names.get(i), in, out), 0, out, stacked, i * out * in);
        }
        return PackedWeights.pack(WeightMatrix.ofFloats(name, stacked, names.size() * out, in), arena, parallel);
    }
}
