package dev.siren.engine.bert;

import dev.siren.engine.kernels.WeightMatrix;

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
}
