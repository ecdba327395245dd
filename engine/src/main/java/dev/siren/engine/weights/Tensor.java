package dev.siren.engine.weights;

import dev.siren.engine.ModelFormatException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One tensor as stored in a safetensors file: its bytes stay in the (memory-mapped) file, in the stored dtype.
 *
 * @param name   tensor name, e.g. "model.layers.0.mlp.up_proj.weight"
 * @param file   the file it lives in (for error messages)
 * @param dtype  stored element type
 * @param shape  dimensions, outermost first
 * @param data   the raw little-endian bytes
 */
public record Tensor(String name, String file, DType dtype, long[] shape, MemorySegment data) {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Fails with a message naming the file and tensor unless the shape is exactly {@code expected}. */
    public Tensor requireShape(long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new ModelFormatException(file + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expected));
        }
        return this;
    }

    /** Element i (flat index) converted to float; for float dtypes only. */
    public float getFloat(long i) {
        return switch (dtype) {
            case F32 -> data.get(F32, i * 4);
            case BF16 -> Float.intBitsToFloat((data.get(I16, i * 2) & 0xFFFF) << 16);
            case F16 -> Float.float16ToFloat(data.get(I16, i * 2));
            default -> throw new ModelFormatException(file + ": tensor '" + name + "' has dtype " + dtype
                    + ", expected a float type (F32, F16 or BF16)");
        };
    }

    /**
     * The whole tensor converted to fp32 (for small tensors: norms, biases, heads, test fixtures). A NaN or infinite
     * value is refused with an error naming the file and tensor: such weights make every output NaN, which a guard
     * must never read as "clean".
     */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(i);
            if (!Float.isFinite(out[i])) {
                throw new ModelFormatException(file + ": tensor '" + name + "' holds " + out[i] + " at element " + i
                        + " (weights must be finite numbers): corrupt or diverged weights");
            }
        }
        return out;
    }

    /** The whole tensor as longs; for integer dtypes (token ids, masks in fixtures). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> data.get(I64, i * 8L);
                case I32 -> data.get(I32, i * 4L);
                default -> throw new ModelFormatException(file + ": tensor '" + name + "' has dtype " + dtype
                        + ", expected an integer type (I64 or I32)");
            };
        }
        return out;
    }
}
