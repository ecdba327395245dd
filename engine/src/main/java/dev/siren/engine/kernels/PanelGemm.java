package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@code C (+)= A * W^T (+ bias)} over {@link PackedWeights}: each thread owns a range of panels (two vectors of
 * outputs: 32 with AVX-512, 16 with AVX2, 8 with SSE or NEON). For each block of inputs ({@link #inputBlock}) and of
 * rows of A ({@link #rowBlock}, L2-resident), each panel's block is swept by a register tile of broadcast-FMAs,
 * {@link #MR} rows by two vectors. No horizontal reductions; the weights are packed once at load, A only where the
 * tile needs it ({@link #PACK_F32}); bf16 is widened in registers. Every output is summed in the same order whatever
 * tile it falls into, so a token's result does not depend on its neighbours in the batch: (bias or 0) + a0·w0 +
 * a1·w1 + ..., then + C when accumulating. Starting the sums from the bias spares callers a pass that copies it into C
 * before the product (3 % of a MiniLM batch of 14-token texts, perf: the copies went to rows that were not in cache).
 */
final class PanelGemm {

    private static final VectorSpecies<Float> F = Simd.FLOATS;
    private static final VectorSpecies<Integer> I = Simd.INTS;
    private static final int L = Simd.LANES;
    /** A panel is two vectors of outputs. */
    private static final int NR = PackedWeights.PANEL;
    /** Bytes of one input's weights in a panel line: one int vector of bf16 pairs, or two float vectors. */
    private static final long BF16_LINE = 2L * NR;
    private static final long F32_LINE = 4L * NR;
    private static final long F32_HALF = 2L * NR;
    /**
     * Rows of the register tile: 8 ({@link #f32x8}, {@link #bf16x8}: 16 accumulators, 2 weight vectors and a
     * broadcast) where there are 32 vector registers, else 4 ({@link #f32x4}, {@link #bf16x4}: 8 + 2 + 1 of 16).
     */
    private static final int MR = Simd.REGISTERS >= 32 ? 8 : 4;
    /**
     * Whether the f32 4-row tile ({@link #f32x4}) reads each block of A from a packed copy with its rows interleaved
     * ({@code [kc][MR]}, {@link Gemm#packRowGroups}), so that its four broadcasts come from one index: where there are FMA and
     * 16 vector registers (AVX2). Reading four rows in place there, C2 ran out of general registers and moved one
     * through a vector register and back on the loop's critical path: 75 GFLOP/s of a 103 peak at 256 bits, 100 packed
     * (PanelGemmBenchmark, Zen 4). The bf16 tile keeps its registers and runs at the peak in place (packed, 2-5 % slower
     * where a thread has few panels to share the copy); the 8-row tiles run at 95 % in place; without FMA (SSE) C2
     * loaded the side-by-side broadcasts all ahead and spilled two accumulators.
     */
    private static final boolean PACK_F32 = MR == 4 && Simd.FMA;
    /** From this many rows left after the last full tile, {@link #paddedTile} beats the one-row kernel. */
    private static final int MIN_PADDED_ROWS = MR == 8 ? 3 : 2;
    /**
     * Most inputs per block. Every block of inputs reads and writes all of C once more, which for a 1024 x 3072 C
     * (12 MB, far past L2) cost 10-25 % of the GEMM in blocks of 256; whole rows of up to 2048 inputs measured best.
     */
    private static final int MAX_KC = 2048;
    /** Floats of A per block (256 KB), kept in L2 while the thread's panels pass over it. */
    private static final int A_BLOCK = 64 * 1024;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private PanelGemm() {
    }

    static void multiply(float[] a, int aOff, int aStride, int m, PackedWeights w,
                         float[] c, int cOff, int cStride, boolean accumulate, float[] bias, Parallel par) {
        par.forRange(w.panels(), 1, (from, to) -> multiplyPanels(a, aOff, aStride, m, w, from, to, c, cOff, cStride, accumulate, bias));
    }

    /**
     * Output panels {@code [from, to)} only (columns {@code NR from .. NR to}), on the calling thread.
     *
     * @param bias one value per output (W's rows), added to every row of the product; null for none
     */
    static void multiplyPanels(float[] a, int aOff, int aStride, int m, PackedWeights w, int from, int to,
                               float[] c, int cOff, int cStride, boolean accumulate, float[] bias) {
        if (w.nativeGemm() != null) {
            w.nativeGemm().multiplyPanels(a, aOff, aStride, m, w, from, to, c, cOff, cStride, accumulate);
            if (bias != null) {
                int c0 = from * NR;
                int width = Math.min(w.rows(), to * NR) - c0;
                for (int i = 0; i < m; i++) {
                    Kernels.add(c, cOff + i * cStride + c0, bias, c0, width);
                }
            }
            return;
        }
        int block = inputBlock(w.cols());
        int mb = rowBlock(block);
        for (int k0 = 0; k0 < w.cols(); k0 += block) {
            int kc = Math.min(block, w.cols() - k0);
            boolean add = accumulate || k0 > 0;
            float[] start = k0 == 0 ? bias : null;
            for (int m0 = 0; m0 < m; m0 += mb) {
                int rows = Math.min(mb, m - m0);
                int a0 = aOff + m0 * aStride + k0;
                int c0 = cOff + m0 * cStride;
                float[] packed = PACK_F32 && !w.isBf16()
                        ? Gemm.packRowGroups(a, a0, aStride, rows, tiledRows(rows) / MR, MR, kc) : null;
                for (int p = from; p < to; p++) {
                    if ((p + 1) * NR <= w.rows()) {
                        fullPanel(packed, a, a0, aStride, rows, w, p, k0, kc, c, c0 + p * NR, cStride, add, start,
                                p * NR);
                    } else {
                        partialPanel(a, a0, aStride, rows, w, p, k0, kc, c, c0 + p * NR, cStride, add, start);
                    }
                }
            }
        }
    }

    /**
     * Inputs per block: all of them up to {@link #MAX_KC}, else equal blocks. It depends on the number of inputs
     * alone, so every output is summed in the same order whatever the batch and the vector width.
     */
    private static int inputBlock(int inputs) {
        return Math.ceilDiv(inputs, Math.ceilDiv(inputs, MAX_KC));
    }

    /** Rows of A per block of {@code kc} inputs: {@link #A_BLOCK} floats, in whole tiles. */
    private static int rowBlock(int kc) {
        return Math.max(MR, A_BLOCK / kc / MR * MR);
    }

    /**
     * Rows of an A block that go through the register tile: its whole tiles, and one padded with zero rows where at
     * least {@link #MIN_PADDED_ROWS} remain (the one-row kernel is load-bound and costs over twice as much per row,
     * JFR); the other rows go through the one-row kernel. Each output is summed in the same order either way.
     */
    private static int tiledRows(int rows) {
        int whole = rows / MR * MR;
        return rows - whole >= MIN_PADDED_ROWS ? whole + MR : whole;
    }

    /**
     * Rows {@code [0, m)} of an A block against inputs {@code [k0, k0 + kc)} of panel p: the tiles from
     * {@code packed} where the block was packed ({@link #PACK_F32}), else from A in place.
     */
    private static void fullPanel(float[] packed, float[] a, int a0, int aStride, int m, PackedWeights w, int p,
                                  int k0, int kc, float[] c, int c0, int cStride, boolean add, float[] bias, int bOff) {
        long line = w.lineOffset(p, k0);
        int i = 0;
        for (; i + MR <= m; i += MR) {
            if (packed != null) {
                tile(packed, i * kc, 1, MR, w, line, kc, c, c0 + i * cStride, cStride, add, bias, bOff);
            } else {
                tile(a, a0 + i * aStride, aStride, MR, w, line, kc, c, c0 + i * cStride, cStride, add, bias, bOff);
            }
        }
        if (i < tiledRows(m)) {
            paddedTile(packed, i * kc, a, a0 + i * aStride, aStride, m - i, w, line, kc, c, c0 + i * cStride, cStride,
                    add, bias, bOff);
            return;
        }
        for (; i < m; i++) {
            tile(a, a0 + i * aStride, aStride, 1, w, line, kc, c, c0 + i * cStride, cStride, add, bias, bOff);
        }
    }

    /**
     * The last {@code rows} (fewer than a tile) rows through the full register tile, padded with zero rows: from the
     * packed block where there is one ({@code packed} from {@code ap0}), else on a copy of A. C goes through a padded
     * copy.
     */
    private static void paddedTile(float[] packed, int ap0, float[] a, int a0, int aStride, int rows, PackedWeights w,
                                   long line, int kc, float[] c, int c0, int cStride, boolean add, float[] bias,
                                   int bOff) {
        float[] pad = Scratch.get().floats(1, MR * (kc + NR));
        int cPad = MR * kc;
        float[] ap = packed;
        int as = 1;
        if (packed == null) {
            Arrays.fill(pad, rows * kc, MR * kc, 0f);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a, a0 + i * aStride, pad, i * kc, kc);
            }
            ap = pad;
            ap0 = 0;
            as = kc;
        }
        for (int i = 0; add && i < rows; i++) {
            System.arraycopy(c, c0 + i * cStride, pad, cPad + i * NR, NR);
        }
        tile(ap, ap0, as, MR, w, line, kc, pad, cPad, NR, add, bias, bOff);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(pad, cPad + i * NR, c, c0 + i * cStride, NR);
        }
    }

    /**
     * The last panel has fewer than {@link #NR} real outputs: compute all of them into scratch (with the bias padded
     * by zeros), then copy the real ones.
     */
    private static void partialPanel(float[] a, int a0, int aStride, int m, PackedWeights w, int p, int k0, int kc,
                                     float[] c, int c0, int cStride, boolean add, float[] bias) {
        int nr = w.rows() - p * NR;
        float[] tmp = Scratch.get().floats(0, 2 * NR);
        float[] paddedBias = null;
        if (bias != null) {
            paddedBias = tmp;
            Arrays.fill(paddedBias, NR, 2 * NR, 0f);
            System.arraycopy(bias, p * NR, paddedBias, NR, nr);
        }
        for (int i = 0; i < m; i++) {
            tile(a, a0 + i * aStride, aStride, 1, w, w.lineOffset(p, k0), kc, tmp, 0, NR, false, paddedBias, NR);
            int ci = c0 + i * cStride;
            for (int j = 0; j < nr; j++) {
                c[ci + j] = add ? tmp[j] + c[ci + j] : tmp[j];
            }
        }
    }

    /**
     * {@code rows} is {@link #MR} or 1. The sums start from {@code bias[bOff..bOff + NR)} ({@link #start}), or from 0
     * where bias is null, and C is added to them where {@code add}. The kernels load the bias themselves: they are
     * compiled on their own, and C2 boxes a vector passed to a method it did not inline.
     */
    private static void tile(float[] a, int a0, int as, int rows, PackedWeights w, long line, int kc,
                             float[] c, int c0, int cs, boolean add, float[] bias, int bOff) {
        MemorySegment seg = w.data();
        if (w.isBf16()) {
            if (rows == 1) {
                bf16x1(a, a0, seg, line, kc, c, c0, add, bias, bOff);
            } else if (MR == 8) {
                bf16x8(a, a0, as, seg, line, kc, c, c0, cs, add, bias, bOff);
            } else {
                bf16x4(a, a0, as, seg, line, kc, c, c0, cs, add, bias, bOff);
            }
        } else if (rows == 1) {
            f32x1(a, a0, seg, line, kc, c, c0, add, bias, bOff);
        } else if (MR == 8) {
            f32x8(a, a0, as, seg, line, kc, c, c0, cs, add, bias, bOff);
        } else {
            f32x4(a, a0, as, seg, line, kc, c, c0, cs, add, bias, bOff);
        }
    }

    /** Where a tile's sums start: one vector of the bias, or 0 without one (always inlined, {@link JitDirectives}). */
    private static FloatVector start(float[] bias, int off) {
        return bias == null ? FloatVector.zero(F) : FloatVector.fromArray(F, bias, off);
    }

    /** 8 rows, like {@link #f32x8}: 16 accumulators, the packed line, its two widened halves and a broadcast. */
    private static void bf16x8(float[] a, int a0, int as, MemorySegment seg, long line, int kc,
                               float[] c, int c0, int cs, boolean add, float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
        FloatVector s40 = b0, s41 = b1, s50 = b0, s51 = b1, s60 = b0, s61 = b1, s70 = b0, s71 = b1;
        for (int x = 0; x < kc; x++) {
            IntVector packed = IntVector.fromMemorySegment(I, seg, line + x * BF16_LINE, LE);
            FloatVector w0 = packed.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = packed.and(0xFFFF0000).reinterpretAsFloats();
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s00 = Simd.fma(v, w0, s00); s01 = Simd.fma(v, w1, s01);
            v = FloatVector.broadcast(F, a[a0 + as + x]);
            s10 = Simd.fma(v, w0, s10); s11 = Simd.fma(v, w1, s11);
            v = FloatVector.broadcast(F, a[a0 + 2 * as + x]);
            s20 = Simd.fma(v, w0, s20); s21 = Simd.fma(v, w1, s21);
            v = FloatVector.broadcast(F, a[a0 + 3 * as + x]);
            s30 = Simd.fma(v, w0, s30); s31 = Simd.fma(v, w1, s31);
            v = FloatVector.broadcast(F, a[a0 + 4 * as + x]);
            s40 = Simd.fma(v, w0, s40); s41 = Simd.fma(v, w1, s41);
            v = FloatVector.broadcast(F, a[a0 + 5 * as + x]);
            s50 = Simd.fma(v, w0, s50); s51 = Simd.fma(v, w1, s51);
            v = FloatVector.broadcast(F, a[a0 + 6 * as + x]);
            s60 = Simd.fma(v, w0, s60); s61 = Simd.fma(v, w1, s61);
            v = FloatVector.broadcast(F, a[a0 + 7 * as + x]);
            s70 = Simd.fma(v, w0, s70); s71 = Simd.fma(v, w1, s71);
        }
        // stores written out here: handing the accumulators to a helper makes C2 box them, at a 3x cost
        if (add) {
            s00 = s00.add(FloatVector.fromArray(F, c, c0)); s01 = s01.add(FloatVector.fromArray(F, c, c0 + L));
            s10 = s10.add(FloatVector.fromArray(F, c, c0 + cs)); s11 = s11.add(FloatVector.fromArray(F, c, c0 + cs + L));
            s20 = s20.add(FloatVector.fromArray(F, c, c0 + 2 * cs)); s21 = s21.add(FloatVector.fromArray(F, c, c0 + 2 * cs + L));
            s30 = s30.add(FloatVector.fromArray(F, c, c0 + 3 * cs)); s31 = s31.add(FloatVector.fromArray(F, c, c0 + 3 * cs + L));
            s40 = s40.add(FloatVector.fromArray(F, c, c0 + 4 * cs)); s41 = s41.add(FloatVector.fromArray(F, c, c0 + 4 * cs + L));
            s50 = s50.add(FloatVector.fromArray(F, c, c0 + 5 * cs)); s51 = s51.add(FloatVector.fromArray(F, c, c0 + 5 * cs + L));
            s60 = s60.add(FloatVector.fromArray(F, c, c0 + 6 * cs)); s61 = s61.add(FloatVector.fromArray(F, c, c0 + 6 * cs + L));
            s70 = s70.add(FloatVector.fromArray(F, c, c0 + 7 * cs)); s71 = s71.add(FloatVector.fromArray(F, c, c0 + 7 * cs + L));
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + cs); s11.intoArray(c, c0 + cs + L);
        s20.intoArray(c, c0 + 2 * cs); s21.intoArray(c, c0 + 2 * cs + L);
        s30.intoArray(c, c0 + 3 * cs); s31.intoArray(c, c0 + 3 * cs + L);
        s40.intoArray(c, c0 + 4 * cs); s41.intoArray(c, c0 + 4 * cs + L);
        s50.intoArray(c, c0 + 5 * cs); s51.intoArray(c, c0 + 5 * cs + L);
        s60.intoArray(c, c0 + 6 * cs); s61.intoArray(c, c0 + 6 * cs + L);
        s70.intoArray(c, c0 + 7 * cs); s71.intoArray(c, c0 + 7 * cs + L);
    }

    /** One row; the same per-element summation order as {@link #bf16x8}, so results do not depend on the tiling. */
    private static void bf16x1(float[] a, int a0, MemorySegment seg, long line, int kc, float[] c, int c0, boolean add,
                               float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s0 = b0, s1 = b1;
        for (int x = 0; x < kc; x++) {
            IntVector packed = IntVector.fromMemorySegment(I, seg, line + x * BF16_LINE, LE);
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s0 = Simd.fma(v, packed.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s0);
            s1 = Simd.fma(v, packed.and(0xFFFF0000).reinterpretAsFloats(), s1);
        }
        if (add) {
            s0 = s0.add(FloatVector.fromArray(F, c, c0));
            s1 = s1.add(FloatVector.fromArray(F, c, c0 + L));
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    /** 4 rows, for 16 vector registers: 8 accumulators, the packed line, its two widened halves and a broadcast. */
    private static void bf16x4(float[] a, int a0, int as, MemorySegment seg, long line, int kc,
                               float[] c, int c0, int cs, boolean add, float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
        for (int x = 0; x < kc; x++) {
            IntVector packed = IntVector.fromMemorySegment(I, seg, line + x * BF16_LINE, LE);
            FloatVector w0 = packed.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = packed.and(0xFFFF0000).reinterpretAsFloats();
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s00 = Simd.fma(v, w0, s00); s01 = Simd.fma(v, w1, s01);
            v = FloatVector.broadcast(F, a[a0 + as + x]);
            s10 = Simd.fma(v, w0, s10); s11 = Simd.fma(v, w1, s11);
            v = FloatVector.broadcast(F, a[a0 + 2 * as + x]);
            s20 = Simd.fma(v, w0, s20); s21 = Simd.fma(v, w1, s21);
            v = FloatVector.broadcast(F, a[a0 + 3 * as + x]);
            s30 = Simd.fma(v, w0, s30); s31 = Simd.fma(v, w1, s31);
        }
        if (add) {
            s00 = s00.add(FloatVector.fromArray(F, c, c0)); s01 = s01.add(FloatVector.fromArray(F, c, c0 + L));
            s10 = s10.add(FloatVector.fromArray(F, c, c0 + cs)); s11 = s11.add(FloatVector.fromArray(F, c, c0 + cs + L));
            s20 = s20.add(FloatVector.fromArray(F, c, c0 + 2 * cs)); s21 = s21.add(FloatVector.fromArray(F, c, c0 + 2 * cs + L));
            s30 = s30.add(FloatVector.fromArray(F, c, c0 + 3 * cs)); s31 = s31.add(FloatVector.fromArray(F, c, c0 + 3 * cs + L));
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + cs); s11.intoArray(c, c0 + cs + L);
        s20.intoArray(c, c0 + 2 * cs); s21.intoArray(c, c0 + 2 * cs + L);
        s30.intoArray(c, c0 + 3 * cs); s31.intoArray(c, c0 + 3 * cs + L);
    }

    /** 8 rows: 16 accumulators, 2 weight vectors and a broadcast fit 32 vector registers. */
    private static void f32x8(float[] a, int a0, int as, MemorySegment seg, long line, int kc,
                              float[] c, int c0, int cs, boolean add, float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
        FloatVector s40 = b0, s41 = b1, s50 = b0, s51 = b1, s60 = b0, s61 = b1, s70 = b0, s71 = b1;
        for (int x = 0; x < kc; x++) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE + F32_HALF, LE);
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s00 = Simd.fma(v, w0, s00); s01 = Simd.fma(v, w1, s01);
            v = FloatVector.broadcast(F, a[a0 + as + x]);
            s10 = Simd.fma(v, w0, s10); s11 = Simd.fma(v, w1, s11);
            v = FloatVector.broadcast(F, a[a0 + 2 * as + x]);
            s20 = Simd.fma(v, w0, s20); s21 = Simd.fma(v, w1, s21);
            v = FloatVector.broadcast(F, a[a0 + 3 * as + x]);
            s30 = Simd.fma(v, w0, s30); s31 = Simd.fma(v, w1, s31);
            v = FloatVector.broadcast(F, a[a0 + 4 * as + x]);
            s40 = Simd.fma(v, w0, s40); s41 = Simd.fma(v, w1, s41);
            v = FloatVector.broadcast(F, a[a0 + 5 * as + x]);
            s50 = Simd.fma(v, w0, s50); s51 = Simd.fma(v, w1, s51);
            v = FloatVector.broadcast(F, a[a0 + 6 * as + x]);
            s60 = Simd.fma(v, w0, s60); s61 = Simd.fma(v, w1, s61);
            v = FloatVector.broadcast(F, a[a0 + 7 * as + x]);
            s70 = Simd.fma(v, w0, s70); s71 = Simd.fma(v, w1, s71);
        }
        // stores written out here: handing the accumulators to a helper makes C2 box them, at a 3x cost
        if (add) {
            s00 = s00.add(FloatVector.fromArray(F, c, c0)); s01 = s01.add(FloatVector.fromArray(F, c, c0 + L));
            s10 = s10.add(FloatVector.fromArray(F, c, c0 + cs)); s11 = s11.add(FloatVector.fromArray(F, c, c0 + cs + L));
            s20 = s20.add(FloatVector.fromArray(F, c, c0 + 2 * cs)); s21 = s21.add(FloatVector.fromArray(F, c, c0 + 2 * cs + L));
            s30 = s30.add(FloatVector.fromArray(F, c, c0 + 3 * cs)); s31 = s31.add(FloatVector.fromArray(F, c, c0 + 3 * cs + L));
            s40 = s40.add(FloatVector.fromArray(F, c, c0 + 4 * cs)); s41 = s41.add(FloatVector.fromArray(F, c, c0 + 4 * cs + L));
            s50 = s50.add(FloatVector.fromArray(F, c, c0 + 5 * cs)); s51 = s51.add(FloatVector.fromArray(F, c, c0 + 5 * cs + L));
            s60 = s60.add(FloatVector.fromArray(F, c, c0 + 6 * cs)); s61 = s61.add(FloatVector.fromArray(F, c, c0 + 6 * cs + L));
            s70 = s70.add(FloatVector.fromArray(F, c, c0 + 7 * cs)); s71 = s71.add(FloatVector.fromArray(F, c, c0 + 7 * cs + L));
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + cs); s11.intoArray(c, c0 + cs + L);
        s20.intoArray(c, c0 + 2 * cs); s21.intoArray(c, c0 + 2 * cs + L);
        s30.intoArray(c, c0 + 3 * cs); s31.intoArray(c, c0 + 3 * cs + L);
        s40.intoArray(c, c0 + 4 * cs); s41.intoArray(c, c0 + 4 * cs + L);
        s50.intoArray(c, c0 + 5 * cs); s51.intoArray(c, c0 + 5 * cs + L);
        s60.intoArray(c, c0 + 6 * cs); s61.intoArray(c, c0 + 6 * cs + L);
        s70.intoArray(c, c0 + 7 * cs); s71.intoArray(c, c0 + 7 * cs + L);
    }

    private static void f32x1(float[] a, int a0, MemorySegment seg, long line, int kc, float[] c, int c0, boolean add,
                               float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s0 = b0, s1 = b1;
        for (int x = 0; x < kc; x++) {
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s0 = Simd.fma(v, FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE, LE), s0);
            s1 = Simd.fma(v, FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE + F32_HALF, LE), s1);
        }
        if (add) {
            s0 = s0.add(FloatVector.fromArray(F, c, c0));
            s1 = s1.add(FloatVector.fromArray(F, c, c0 + L));
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    /**
     * 4 rows, for 16 vector registers: 8 accumulators, 2 weight vectors and a broadcast. Where {@link #PACK_F32}, row
     * r's input x is at {@code a[a0 + x * MR + r]} ({@link Gemm#packRowGroups}), else at {@code a[a0 + r * as + x]}.
     */
    private static void f32x4(float[] a, int a0, int as, MemorySegment seg, long line, int kc,
                              float[] c, int c0, int cs, boolean add, float[] bias, int bOff) {
        FloatVector b0 = start(bias, bOff), b1 = start(bias, bOff + L);
        FloatVector s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
        int step = PACK_F32 ? MR : 1; // from one input to the next: packed rows lie side by side
        int rs = PACK_F32 ? 1 : as;
        for (int x = 0; x < kc; x++) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, seg, line + x * F32_LINE + F32_HALF, LE);
            int i = a0 + x * step;
            FloatVector v = FloatVector.broadcast(F, a[i]);
            s00 = Simd.fma(v, w0, s00); s01 = Simd.fma(v, w1, s01);
            v = FloatVector.broadcast(F, a[i + rs]);
            s10 = Simd.fma(v, w0, s10); s11 = Simd.fma(v, w1, s11);
            v = FloatVector.broadcast(F, a[i + 2 * rs]);
            s20 = Simd.fma(v, w0, s20); s21 = Simd.fma(v, w1, s21);
            v = FloatVector.broadcast(F, a[i + 3 * rs]);
            s30 = Simd.fma(v, w0, s30); s31 = Simd.fma(v, w1, s31);
        }
        if (add) {
            s00 = s00.add(FloatVector.fromArray(F, c, c0)); s01 = s01.add(FloatVector.fromArray(F, c, c0 + L));
            s10 = s10.add(FloatVector.fromArray(F, c, c0 + cs)); s11 = s11.add(FloatVector.fromArray(F, c, c0 + cs + L));
            s20 = s20.add(FloatVector.fromArray(F, c, c0 + 2 * cs)); s21 = s21.add(FloatVector.fromArray(F, c, c0 + 2 * cs + L));
            s30 = s30.add(FloatVector.fromArray(F, c, c0 + 3 * cs)); s31 = s31.add(FloatVector.fromArray(F, c, c0 + 3 * cs + L));
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + cs); s11.intoArray(c, c0 + cs + L);
        s20.intoArray(c, c0 + 2 * cs); s21.intoArray(c, c0 + 2 * cs + L);
        s30.intoArray(c, c0 + 3 * cs); s31.intoArray(c, c0 + 3 * cs + L);
    }
}
