package dev.siren.engine.kernels;

import dev.siren.engine.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A weight matrix ({@code [out x in]}, nn.Linear layout) rearranged once, at load, for the GEMM: outputs are grouped
 * in panels of {@link #PANEL} and, within a panel, the 32 weights of one input are adjacent, so the GEMM reads one
 * input's weights for 32 outputs with a single 64-byte load. BF16 weights stay BF16 (the same memory as the file;
 * the GEMM widens them in registers); F32 and F16 weights become F32. Outputs past the last full panel are zero.
 *
 * <p>BF16 lane order within a panel line: int lane i holds output i in its low half and output i + 16 in its high
 * half, so {@code lane << 16} and {@code lane & 0xFFFF0000} are the fp32 weights of outputs 0..15 and 16..31.
 */
public final class PackedWeights {

    public static final int PANEL = 32;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final int rows;
    private final int cols;
    private final boolean bf16;
    private final MemorySegment data;

    private PackedWeights(String name, int rows, int cols, boolean bf16, MemorySegment data) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = bf16;
        this.data = data;
    }

    /**
     * Packs {@code w} into memory of {@code arena}, panels split across the threads of {@code par}. The source pages
     * of a memory-mapped file are released afterwards (they are not needed again).
     */
    public static PackedWeights pack(WeightMatrix w, Arena arena, Parallel par) {
        boolean bf16 = w.dtype() == DType.BF16;
        int panels = (w.rows() + PANEL - 1) / PANEL;
        long lineBytes = PANEL * (bf16 ? 2L : 4L);
        MemorySegment data = arena.allocate(panels * (long) w.cols() * lineBytes, 64);
        par.forRange(panels, 1, (from, to) -> {
            float[] buf = new float[w.cols()];
            for (int p = from; p < to; p++) {
                for (int j = 0; j < PANEL && p * PANEL + j < w.rows(); j++) {
                    packRow(w, p * PANEL + j, data, p * (long) w.cols() * lineBytes, j, bf16, buf);
                }
            }
        });
        if (w.data().isMapped()) {
            w.data().unload();
        }
        return new PackedWeights(w.name(), w.rows(), w.cols(), bf16, data);
    }

    private static void packRow(WeightMatrix w, int r, MemorySegment data, long panelBase, int j, boolean bf16, float[] buf) {
        int k = w.cols();
        if (bf16) {
            long src = (long) r * k * 2;
            long slot = 2L * (2 * (j % 16) + j / 16);
            for (int x = 0; x < k; x++) {
                data.set(I16, panelBase + x * 64L + slot, w.data().get(I16, src + 2L * x));
            }
        } else {
            Kernels.toFloat(w, r, 1, buf, 0);
            for (int x = 0; x < k; x++) {
                data.set(F32, panelBase + x * 128L + 4L * j, buf[x]);
            }
        }
    }

    /** Packs fp32 values given in {@code [out x in]} layout. */
    public static PackedWeights pack(String name, float[] outByIn, int rows, int cols, Arena arena) {
        try (Parallel one = new Parallel(1)) {
            return pack(WeightMatrix.ofFloats(name, outByIn, rows, cols), arena, one);
        }
    }

    public String name() {
        return name;
    }

    /** Outputs (rows of the original matrix). */
    public int rows() {
        return rows;
    }

    /** Inputs (columns of the original matrix). */
    public int cols() {
        return cols;
    }

    /** Panels of {@link #PANEL} outputs (the last one may be partial). */
    public int panels() {
        return (rows + PANEL - 1) / PANEL;
    }

    boolean isBf16() {
        return bf16;
    }

    MemorySegment data() {
        return data;
    }

    /** Byte offset of input {@code x} of panel {@code p}. */
    long lineOffset(int p, int x) {
        return ((long) p * cols + x) * PANEL * (bf16 ? 2 : 4);
    }
}
