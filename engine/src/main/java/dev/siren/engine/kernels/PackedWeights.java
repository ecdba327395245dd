package dev.siren.engine.kernels;

import dev.siren.engine.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A weight matrix ({@code [out x in]}, nn.Linear layout) rearranged once, at load, for the GEMM: outputs are grouped
 * in panels of {@link #PANEL} (two SIMD vectors: 32 with AVX-512, 16 with AVX2, 8 with SSE or NEON) and, within a
 * panel, the weights of one input are adjacent, so the GEMM reads one input's weights for a panel's outputs with
 * one or two vector loads. BF16 weights stay BF16 (the same memory as the file; the GEMM widens them in registers);
 * F32 and F16 weights become F32. Outputs past the last full panel are zero. The layout depends on the vector width
 * in use ({@link Simd}), so packed weights are made at load, never stored.
 *
 * <p>BF16 lane order within a panel line of L int lanes: lane i holds output i in its low half and output i + L in
 * its high half, so {@code lane << 16} and {@code lane & 0xFFFF0000} are the fp32 weights of outputs 0..L-1 and
 * L..2L-1. Where the native bf16 GEMM is configured ({@link NativeBf16Gemm}), bf16 weights take its layout instead
 * (the same panels, in pairs of inputs) and are multiplied by it.
 */
public final class PackedWeights {

    public static final int PANEL = 2 * Simd.LANES;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final int rows;
    private final int cols;
    private final boolean bf16;
    private final MemorySegment data;
    /** The native GEMM these weights are packed for, or null for the Java kernels. */
    private final NativeBf16Gemm nativeGemm;

    private PackedWeights(String name, int rows, int cols, boolean bf16, MemorySegment data, NativeBf16Gemm nativeGemm) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = bf16;
        this.data = data;
        this.nativeGemm = nativeGemm;
    }

    /**
     * Packs {@code w} into memory of {@code arena}, panels split across the threads of {@code par}. The source pages
     * of a memory-mapped file are released afterwards.
     */
    public static PackedWeights pack(WeightMatrix w, Arena arena, Parallel par) {
        return pack(w, arena, par, w.dtype() == DType.BF16 ? NativeBf16Gemm.configured() : null);
    }

    /** The same, for the native GEMM {@code nativeGemm} where it is not null and the weight is bf16 of even width. */
    static PackedWeights pack(WeightMatrix w, Arena arena, Parallel par, NativeBf16Gemm nativeGemm) {
        boolean bf16 = w.dtype() == DType.BF16;
        int panels = (w.rows() + PANEL - 1) / PANEL;
        if (nativeGemm != null && bf16 && w.cols() % 2 == 0) {
            MemorySegment data = arena.allocate(nativeGemm.packedBytes(w.rows(), w.cols()), 64);
            par.forRange(panels, 1, (from, to) -> nativeGemm.pack(w, from, to, data));
            releaseSource(w);
            return new PackedWeights(w.name(), w.rows(), w.cols(), true, data, nativeGemm);
        }
        long lineBytes = PANEL * (bf16 ? 2L : 4L);
        MemorySegment data = arena.allocate(panels * (long) w.cols() * lineBytes, 64);
        par.forRange(panels, 1, (from, to) -> {
            PanelPacker packer = new PanelPacker(w, bf16);
            for (int p = from; p < to; p++) {
                packer.pack(p, data, p * (long) w.cols() * lineBytes);
            }
        });
        releaseSource(w);
        return new PackedWeights(w.name(), w.rows(), w.cols(), bf16, data, null);
    }

    /** The source pages of a memory-mapped file are not needed again once packed. */
    private static void releaseSource(WeightMatrix w) {
        if (w.data().isMapped()) {
            w.data().unload();
        }
    }

    /**
     * Rearranges one panel at a time through heap buffers: bulk-copy (or convert) the panel's rows in, transpose
     * with plain array indexing (which the JIT keeps free of per-element bounds checks), bulk-copy the panel out.
     */
    private static final class PanelPacker {
        private final WeightMatrix w;
        private final boolean bf16;
        private final int k;
        private final short[] rowsBits;
        private final short[] panelBits;
        private final float[] rowsF32;
        private final float[] panelF32;

        PanelPacker(WeightMatrix w, boolean bf16) {
            this.w = w;
            this.bf16 = bf16;
            this.k = w.cols();
            this.rowsBits = bf16 ? new short[PANEL * k] : null;
            this.panelBits = bf16 ? new short[PANEL * k] : null;
            this.rowsF32 = bf16 ? null : new float[PANEL * k];
            this.panelF32 = bf16 ? null : new float[PANEL * k];
        }

        void pack(int p, MemorySegment data, long panelBase) {
            int real = Math.min(PANEL, w.rows() - p * PANEL);
            if (bf16) {
                MemorySegment.copy(w.data(), I16, (long) p * PANEL * k * 2, rowsBits, 0, real * k);
                java.util.Arrays.fill(rowsBits, real * k, PANEL * k, (short) 0);
                for (int x = 0; x < k; x++) {
                    for (int i = 0; i < PANEL / 2; i++) {
                        panelBits[x * PANEL + 2 * i] = rowsBits[i * k + x];
                        panelBits[x * PANEL + 2 * i + 1] = rowsBits[(i + PANEL / 2) * k + x];
                    }
                }
                MemorySegment.copy(panelBits, 0, data, I16, panelBase, PANEL * k);
            } else {
                Kernels.toFloat(w, p * PANEL, real, rowsF32, 0);
                java.util.Arrays.fill(rowsF32, real * k, PANEL * k, 0f);
                for (int x = 0; x < k; x++) {
                    for (int j = 0; j < PANEL; j++) {
                        panelF32[x * PANEL + j] = rowsF32[j * k + x];
                    }
                }
                MemorySegment.copy(panelF32, 0, data, F32, panelBase, PANEL * k);
            }
        }
    }

    /**
     * Packs fp32 weights stored {@code [in x out]} (ONNX MatMul), little-endian, with the outputs of several such
     * matrices side by side (e.g. Q, K and V as one matrix of {@code blocks.size() * out} outputs). That layout already
     * holds a panel line's weights of one input next to each other, so packing is copying runs of bytes, without
     * the transposition and fp32 copies that {@link #pack(WeightMatrix, Arena, Parallel)} needs; the result is the same.
     */
    public static PackedWeights packInputMajor(String name, List<MemorySegment> blocks, int in, int out, Arena arena,
                                               Parallel par) {
        for (MemorySegment block : blocks) {
            if (block.byteSize() != 4L * in * out) {
                throw new IllegalArgumentException(name + ": " + block.byteSize() + " bytes for " + in + "x" + out + " F32");
            }
        }
        int rows = blocks.size() * out;
        int panels = (rows + PANEL - 1) / PANEL;
        MemorySegment data = arena.allocate(panels * (long) in * PANEL * 4, 64); // zeroed: outputs past the last stay 0
        par.forRange(panels, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int j = 0; j < PANEL && p * PANEL + j < rows; ) { // one run of outputs within one block
                    int o = p * PANEL + j;
                    int column = o % out;
                    int run = Math.min(PANEL - j, out - column);
                    MemorySegment block = blocks.get(o / out);
                    for (int x = 0; x < in; x++) {
                        MemorySegment.copy(block, ((long) x * out + column) * 4,
                                data, (((long) p * in + x) * PANEL + j) * 4, run * 4L);
                    }
                    j += run;
                }
            }
        });
        return new PackedWeights(name, rows, in, false, data, null);
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

    /** The native GEMM these weights are packed for, or null. */
    NativeBf16Gemm nativeGemm() {
        return nativeGemm;
    }

    MemorySegment data() {
        return data;
    }

    /** Byte offset of input {@code x} of panel {@code p}. */
    long lineOffset(int p, int x) {
        return ((long) p * cols + x) * PANEL * (bf16 ? 2 : 4);
    }
}
