package dev.siren.engine.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.Bf16;
import dev.siren.engine.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a safetensors file, atomically (see {@link AtomicFile}). Each tensor's bytes are produced by a callback into the memory-mapped output,
 * so multi-GB files (random benchmark models) are written without holding them in memory.
 */
public final class SafetensorsWriter {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One tensor to write; {@code fill} receives a segment of exactly the tensor's byte size. */
    public record Entry(String name, DType dtype, long[] shape, Consumer<MemorySegment> fill) {

        long byteSize() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b) * dtype.bytes();
        }

        /** A tensor given as fp32 values, stored in {@code dtype} (bf16 rounds to nearest even). */
        public static Entry ofFloats(String name, DType dtype, long[] shape, float[] values) {
            return new Entry(name, dtype, shape, seg -> {
                for (int i = 0; i < values.length; i++) {
                    putFloat(seg, dtype, i, values[i]);
                }
            });
        }
    }

    private SafetensorsWriter() {
    }

    /** Stores {@code value} as element {@code i} of a segment of {@code dtype} elements. */
    public static void putFloat(MemorySegment seg, DType dtype, long i, float value) {
        switch (dtype) {
            case F32 -> seg.set(F32, i * 4, value);
            case BF16 -> seg.set(I16, i * 2, Bf16.bits(value));
            case F16 -> seg.set(I16, i * 2, Float.floatToFloat16(value));
            default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
        }
    }

    public static void write(Path file, List<Entry> entries) {
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (Entry e : entries) {
            ObjectNode t = header.putObject(e.name());
            t.put("dtype", e.dtype().name());
            var shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + e.byteSize());
            offset += e.byteSize();
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        long dataStart = 8 + padded;
        long fileSize = dataStart + offset;
        try {
            AtomicFile.write(file, temp -> {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     Arena arena = Arena.ofConfined()) {
                    MemorySegment out = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileSize, arena);
                    out.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, padded);
                    MemorySegment.copy(headerBytes, 0, out, ValueLayout.JAVA_BYTE, 8, padded);
                    long pos = dataStart;
                    for (Entry e : entries) {
                        e.fill().accept(out.asSlice(pos, e.byteSize()));
                        pos += e.byteSize();
                    }
                    out.force();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
