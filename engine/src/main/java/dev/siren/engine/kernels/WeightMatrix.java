package dev.siren.engine.kernels;

import dev.siren.engine.ModelFormatException;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix in Hugging Face {@code nn.Linear} layout: {@code [out x in]}, row-major, in its stored dtype
 * (F32, F16 or BF16), usually a slice of a memory-mapped file. The GEMM converts rows to fp32 as it uses them.
 *
 * <p>Weights stored the other way round, {@code [in x out]} (ONNX {@code MatMul}), can either be transposed once
 * at load with {@link #fromInputMajor} or used directly with {@link Kernels#matmul}.
 */
public record WeightMatrix(String name, DType dtype, int rows, int cols, MemorySegment data) {

    public WeightMatrix {
        if (!dtype.isFloat()) {
            throw new ModelFormatException("tensor '" + name + "' has dtype " + dtype + ", expected F32, F16 or BF16");
        }
        if (data.byteSize() != (long) rows * cols * dtype.bytes()) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes for " + rows + "x" + cols + " " + dtype);
        }
    }

    /** A 2-D tensor as a weight matrix (no copy). */
    public static WeightMatrix of(Tensor t) {
        if (t.shape().length != 2) {
            throw new ModelFormatException(t.file() + ": tensor '" + t.name() + "' has " + t.shape().length
                    + " dimensions, expected a 2-D matrix");
        }
        if (!t.dtype().isFloat()) {
            throw new ModelFormatException(t.file() + ": tensor '" + t.name() + "' has dtype " + t.dtype()
                    + ", expected F32, F16 or BF16");
        }
        return new WeightMatrix(t.name(), t.dtype(), Math.toIntExact(t.shape()[0]), Math.toIntExact(t.shape()[1]), t.data());
    }

    /** fp32 values already in {@code [out x in]} layout (no copy). */
    public static WeightMatrix ofFloats(String name, float[] outByIn, int rows, int cols) {
        return new WeightMatrix(name, DType.F32, rows, cols, MemorySegment.ofArray(outByIn));
    }

    /** fp32 values in {@code [in x out]} layout (ONNX MatMul), transposed once into a new {@code [out x in]} matrix. */
    public static WeightMatrix fromInputMajor(String name, float[] inByOut, int in, int out) {
        float[] t = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                t[o * in + i] = inByOut[i * out + o];
            }
        }
        return ofFloats(name, t, out, in);
    }
}
