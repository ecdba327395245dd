package dev.siren.engine.onnx;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ONNX TensorProto (an initializer or a Constant node's value). The payload stays a view into the
 * model bytes until {@link #toFloats()} or {@link #toLongs()} decodes it.
 *
 * @param data    the raw_data bytes (little-endian), or the packed float_data / int32_data / int64_data /
 *                double_data bytes, whichever the file used; {@code dataField} says which
 */
public record OnnxTensor(String name, int dataType, long[] dims, ByteBuffer data, int dataField) {

    // TensorProto.DataType values (onnx.proto)
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
    public static final int BFLOAT16 = 16;

    // TensorProto field numbers holding the values
    static final int FLOAT_DATA = 4;
    static final int INT32_DATA = 5;
    static final int INT64_DATA = 7;
    static final int RAW_DATA = 9;
    static final int DOUBLE_DATA = 10;

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The values as fp32 (FLOAT, FLOAT16, BFLOAT16 and DOUBLE tensors). */
    public float[] toFloats() {
        int n = checkedCount();
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n];
        switch (dataType) {
            case FLOAT -> {
                // float_data is packed fixed32 and raw_data is little-endian fp32: the same bytes
                requireBytes(in, 4L * n);
                in.asFloatBuffer().get(out);
            }
            case DOUBLE -> {
                requireBytes(in, 8L * n);
                for (int i = 0; i < n; i++) {
                    out[i] = (float) in.getDouble();
                }
            }
            case BFLOAT16, FLOAT16 -> {
                if (dataField != RAW_DATA) {
                    throw new OnnxFormatException("tensor '" + name + "': 16-bit values outside raw_data are not supported");
                }
                requireBytes(in, 2L * n);
                for (int i = 0; i < n; i++) {
                    short bits = in.getShort();
                    out[i] = dataType == BFLOAT16 ? Float.intBitsToFloat((bits & 0xffff) << 16) : Float.float16ToFloat(bits);
                }
            }
            default -> throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType + ", expected a floating-point type");
        }
        return out;
    }

    /** The bytes of a FLOAT tensor: little-endian fp32 values (raw_data and packed float_data alike), not copied. */
    public MemorySegment floatBytes() {
        if (dataType != FLOAT) {
            throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType + ", expected FLOAT");
        }
        ByteBuffer in = data.duplicate();
        requireBytes(in, 4L * checkedCount());
        return MemorySegment.ofBuffer(in);
    }

    /** The values as int64 (INT64 and INT32 tensors), e.g. Reshape shapes and Constant scalars. */
    public long[] toLongs() {
        int n = checkedCount();
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        if (dataField == RAW_DATA) {
            switch (dataType) {
                case INT64 -> {
                    requireBytes(in, 8L * n);
                    in.asLongBuffer().get(out);
                }
                case INT32 -> {
                    requireBytes(in, 4L * n);
                    for (int i = 0; i < n; i++) {
                        out[i] = in.getInt();
                    }
                }
                default -> throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType + ", expected INT64 or INT32");
            }
            return out;
        }
        // int64_data / int32_data are packed varints (int32 ones sign-extended to 64 bits on the wire)
        long[] decoded = new ProtoReader(in, "tensor '" + name + "'").remainingVarints();
        if (decoded.length != n) {
            throw new OnnxFormatException("tensor '" + name + "' holds " + decoded.length + " integers but its dims "
                    + Arrays.toString(dims) + " need " + n);
        }
        return decoded;
    }

    private int checkedCount() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new OnnxFormatException("tensor '" + name + "' is too large: " + Arrays.toString(dims));
        }
        return (int) n;
    }

    private void requireBytes(ByteBuffer in, long bytes) {
        if (in.remaining() != bytes) {
            throw new OnnxFormatException("tensor '" + name + "' has " + in.remaining() + " bytes of data but its dims "
                    + Arrays.toString(dims) + " and data type " + dataType + " need " + bytes);
        }
    }

    @Override
    public String toString() {
        return "OnnxTensor[" + name + ", type " + dataType + ", dims " + Arrays.toString(dims) + "]";
    }
}
