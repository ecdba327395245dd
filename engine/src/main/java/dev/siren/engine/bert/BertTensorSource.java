package dev.siren.engine.bert;

import dev.siren.engine.kernels.PackedMatrix;

/**
 * BERT tensors by their Hugging Face names (e.g. {@code encoder.layer.0.attention.self.query.weight}), whatever
 * file format holds them. Implementations check shapes and fail with a {@link ModelFormatException} naming the
 * file and tensor.
 */
interface BertTensorSource {

    /** A tensor with the given shape, as fp32 row-major values. */
    float[] tensor(String name, int... shape);

    /** The weight of a Linear layer y = x·W + b with {@code in} inputs and {@code out} outputs, packed for the GEMM. */
    PackedMatrix linearWeight(String name, int in, int out);
}
