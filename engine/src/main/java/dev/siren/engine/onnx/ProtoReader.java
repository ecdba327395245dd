package dev.siren.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader of the protobuf wire format over a byte buffer: just enough to walk ONNX messages
 * without generated classes (and without a protobuf dependency). Sub-messages are read as slices of the
 * same buffer, so large tensors are never copied while parsing.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private final String what;
    private int fieldNumber;
    private int wireType;

    /** @param what names the message for error messages, e.g. "TensorProto 'embeddings.word_embeddings.weight'" */
    ProtoReader(ByteBuffer buffer, String what) {
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.what = what;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (!buffer.hasRemaining()) {
            return false;
        }
        long key = readVarint();
        fieldNumber = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (fieldNumber <= 0) {
            throw corrupt("invalid field number " + fieldNumber);
        }
        return true;
    }

    int field() {
        return fieldNumber;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        expect(VARINT);
        return readVarint();
    }

    float fixed32Float() {
        expect(FIXED32);
        need(4);
        return buffer.getFloat();
    }

    /** The bytes of a length-delimited field (a sub-message, a string, or a packed array), without copying. */
    ByteBuffer bytes() {
        expect(LENGTH_DELIMITED);
        long length = readVarint();
        if (length < 0 || length > buffer.remaining()) {
            throw corrupt("field " + fieldNumber + " claims " + length + " bytes but only " + buffer.remaining() + " remain");
        }
        ByteBuffer slice = buffer.slice(buffer.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(buffer.position() + (int) length);
        return slice;
    }

    String string() {
        ByteBuffer bytes = bytes();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return new String(array, StandardCharsets.UTF_8);
    }

    /** Repeated int64 fields may be written packed (one length-delimited run) or one value per field. */
    void readInt64s(LongList target) {
        if (wireType == VARINT) {
            target.add(readVarint());
            return;
        }
        for (long value : new ProtoReader(bytes(), what).remainingVarints()) {
            target.add(value);
        }
    }

    /** Reads varints to the end of this buffer: the body of a packed repeated integer field. */
    long[] remainingVarints() {
        LongList values = new LongList();
        while (buffer.hasRemaining()) {
            values.add(readVarint());
        }
        return values.toArray();
    }

    void skip() {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> advance(4);
            default -> throw corrupt("unsupported wire type " + wireType + " in field " + fieldNumber);
        }
    }

    OnnxFormatException corrupt(String detail) {
        return new OnnxFormatException("corrupt " + what + ": " + detail);
    }

    private void expect(int type) {
        if (wireType != type) {
            throw corrupt("field " + fieldNumber + " has wire type " + wireType + ", expected " + type);
        }
    }

    private void advance(int n) {
        need(n);
        buffer.position(buffer.position() + n);
    }

    private void need(int n) {
        if (buffer.remaining() < n) {
            throw corrupt("truncated in field " + fieldNumber);
        }
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buffer.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    /** A growable long array (dims and int64 lists are short; this avoids boxing). */
    static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
