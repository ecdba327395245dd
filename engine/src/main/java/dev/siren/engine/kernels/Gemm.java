package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * fp32 matrix-matrix products with both operands in arrays (attention: Q·Kᵀ with K transposed, P·V; used through
 * {@link Kernels#matmul}): C += A·B with row-major operands given as (array, offset, row stride). The
 * micro-kernel keeps an 8-row x 3-vector block of C in registers (24 of 32 vector registers; 4 x 2 where there are
 * only 16: 4 x 3 would need all 16 and runs 3x slower) and broadcasts one A value per row and k, so every loaded B
 * vector is used eight (four) times and no horizontal reductions are needed; for the 8-row tiles, A's rows are
 * first packed k-major in groups of eight. (Measured on AVX-512: 8x3 is 20 % faster than 4x3, packing A another 25 %; wider blocks such
 * as 6x4 run out of registers and collapse.) Constant weights go through {@link PanelGemm} instead.
 */
final class Gemm {

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int V = S.length();
    private static final int ROWS = 8;
    /** The 8-row tiles need 24 and 16 accumulators: only with 32 vector registers; with 16, 4 x 2 tiles. */
    private static final boolean EIGHT_ROW_TILES = Simd.REGISTERS >= 32;
    /** Columns in one register block. */
    private static final int PANEL_WIDTH = 3 * V;

    // Every tile sums an output element the same way, (0 + a0·b0 + a1·b1 + ...) and then + C, so a row's result
    // does not depend on which tile it falls into (batched == single, bit for bit).

    private Gemm() {
    }

    /** C[0..m, 0..n) += A[0..m, 0..k) · B[0..k, 0..n), all row-major with the given strides. */
    static void multiplyAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc) {
        int whole = n - n % V;
        wholeVectors(m, whole, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (whole < n) {
            lastColumns(m, whole, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /** The columns [0, n) for n a multiple of the vector length. */
    private static void wholeVectors(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc) {
        if (!EIGHT_ROW_TILES) {
            remainingRows(0, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // packing pays when its cost is shared by several column panels; attention's P·V (32 columns, k up to 512)
        // has a single one, and there packing A cost about as much as the product (JFR), so A is read in place
        boolean pack = n >= PANEL_WIDTH;
        float[] packed = pack ? packRowGroups(a, aOff, lda, m, m / ROWS, ROWS, k) : null;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int aBlock = i * k;
            int cRow = cOff + i * ldc;
            int j = 0;
            for (; j + PANEL_WIDTH <= n; j += PANEL_WIDTH) {
                tile8x3(k, packed, aBlock, b, bOff + j, ldb, c, cRow + j, ldc);
            }
            if (j + 2 * V <= n) {
                // e.g. attention's P·V, whose 32 output columns (one head) are two AVX-512 vectors
                if (pack) {
                    tile8x2(k, packed, aBlock, 1, ROWS, b, bOff + j, ldb, c, cRow + j, ldc);
                } else {
                    tile8x2(k, a, aOff + i * lda, lda, 1, b, bOff + j, ldb, c, cRow + j, ldc);
                }
                j += 2 * V;
            }
            for (; j < n; j += V) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cRow + j, ldc);
                tile4x1(k, a, aOff + (i + 4) * lda, lda, b, bOff + j, ldb, c, cRow + 4 * ldc + j, ldc);
            }
        }
        remainingRows(i, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * Columns [from, n), fewer than a vector, of every row: {@link #remainingRows}' 4-row and 1-row tiles on copies of
     * B's and C's columns padded to a whole vector, then the real columns copied back. Each output is summed as in the
     * other tiles. Not a masked vector: C2 has no code for masked loads and stores on SSE, where they ran as Java
     * fallback code (a 125-token prefill at -XX:UseAVX=0 was 19 % slower than a 128-token one), and NEON without SVE
     * has no masked memory instructions either.
     */
    private static void lastColumns(int m, int from, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                    int ldb, float[] c, int cOff, int ldc) {
        int w = n - from;
        float[] padded = Scratch.get().floats(Scratch.GEMM_LAST_COLUMNS, (k + m) * V);
        int cPad = k * V;
        Arrays.fill(padded, 0, (k + m) * V, 0f);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * ldb + from, padded, p * V, w);
        }
        for (int i = 0; i < m; i++) {
            System.arraycopy(c, cOff + i * ldc + from, padded, cPad + i * V, w);
        }
        remainingRows(0, m, V, k, a, aOff, lda, padded, 0, V, padded, cPad, V);
        for (int i = 0; i < m; i++) {
            System.arraycopy(padded, cPad + i * V, c, cOff + i * ldc + from, w);
        }
    }

    /** Rows [from, m): fewer than eight, or all of them in 4-row tiles where there are 16 vector registers. */
    private static void remainingRows(int from, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                      int ldb, float[] c, int cOff, int ldc) {
        int i = from;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            if (EIGHT_ROW_TILES) {
                for (; j + PANEL_WIDTH <= n; j += PANEL_WIDTH) {
                    tile4x3(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
            } else {
                for (; j + 2 * V <= n; j += 2 * V) {
                    tile4x2(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                }
            }
            for (; j < n; j += V) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j += V) {
                tile1x1(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
    }

    /**
     * A's first {@code rows} rows in {@code groups} groups of {@code group} (4 or 8) rows, each group k-major
     * ({@code [k][group]}), rows past {@code rows} zero, in per-thread scratch: a register tile then reads its
     * broadcast values side by side from one index instead of a row offset each (Gemm's 8-row tiles: 25 % faster on
     * AVX-512; {@link PanelGemm}'s 4-row fp32 tile with AVX2: 33 %, where C2 ran out of general registers otherwise).
     */
    static float[] packRowGroups(float[] a, int aOff, int lda, int rows, int groups, int group, int k) {
        float[] packed = Scratch.get().floats(Scratch.PACKED_A, groups * group * k);
        for (int g = 0; g < groups; g++) {
            int row = aOff + g * group * lda;
            int out = g * group * k;
            if (group == 8 && (g + 1) * 8 <= rows) {
                interleave8(a, row, lda, k, packed, out);
            } else if (group == 4 && (g + 1) * 4 <= rows) {
                interleave4(a, row, lda, k, packed, out);
            } else {
                for (int r = 0; r < group; r++) { // the last, partly filled group
                    boolean real = g * group + r < rows;
                    for (int p = 0; p < k; p++) {
                        packed[out + p * group + r] = real ? a[row + r * lda + p] : 0f;
                    }
                }
            }
        }
        return packed;
    }

    /** Eight rows from {@code a[row]} (stride lda) read side by side: one contiguous write per input. */
    private static void interleave8(float[] a, int row, int lda, int k, float[] packed, int out) {
        for (int p = 0; p < k; p++, out += 8) {
            packed[out] = a[row + p];
            packed[out + 1] = a[row + lda + p];
            packed[out + 2] = a[row + 2 * lda + p];
            packed[out + 3] = a[row + 3 * lda + p];
            packed[out + 4] = a[row + 4 * lda + p];
            packed[out + 5] = a[row + 5 * lda + p];
            packed[out + 6] = a[row + 6 * lda + p];
            packed[out + 7] = a[row + 7 * lda + p];
        }
    }

    /** Four rows, the same way. */
    private static void interleave4(float[] a, int row, int lda, int k, float[] packed, int out) {
        int r1 = row + lda, r2 = r1 + lda, r3 = r2 + lda;
        for (int p = 0; p < k; p++, out += 4) {
            packed[out] = a[row + p];
            packed[out + 1] = a[r1 + p];
            packed[out + 2] = a[r2 + p];
            packed[out + 3] = a[r3 + p];
        }
    }

    private static void tile8x3(int k, float[] packedA, int aOff, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00, s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            int ap = aOff + p * ROWS;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * V);
            FloatVector x = FloatVector.broadcast(S, packedA[ap]);
            s00 = Simd.fma(x, b0, s00);
            s01 = Simd.fma(x, b1, s01);
            s02 = Simd.fma(x, b2, s02);
            x = FloatVector.broadcast(S, packedA[ap + 1]);
            s10 = Simd.fma(x, b0, s10);
            s11 = Simd.fma(x, b1, s11);
            s12 = Simd.fma(x, b2, s12);
            x = FloatVector.broadcast(S, packedA[ap + 2]);
            s20 = Simd.fma(x, b0, s20);
            s21 = Simd.fma(x, b1, s21);
            s22 = Simd.fma(x, b2, s22);
            x = FloatVector.broadcast(S, packedA[ap + 3]);
            s30 = Simd.fma(x, b0, s30);
            s31 = Simd.fma(x, b1, s31);
            s32 = Simd.fma(x, b2, s32);
            x = FloatVector.broadcast(S, packedA[ap + 4]);
            s40 = Simd.fma(x, b0, s40);
            s41 = Simd.fma(x, b1, s41);
            s42 = Simd.fma(x, b2, s42);
            x = FloatVector.broadcast(S, packedA[ap + 5]);
            s50 = Simd.fma(x, b0, s50);
            s51 = Simd.fma(x, b1, s51);
            s52 = Simd.fma(x, b2, s52);
            x = FloatVector.broadcast(S, packedA[ap + 6]);
            s60 = Simd.fma(x, b0, s60);
            s61 = Simd.fma(x, b1, s61);
            s62 = Simd.fma(x, b2, s62);
            x = FloatVector.broadcast(S, packedA[ap + 7]);
            s70 = Simd.fma(x, b0, s70);
            s71 = Simd.fma(x, b1, s71);
            s72 = Simd.fma(x, b2, s72);
        }
        // stores written out: a helper taking vectors as arguments may not be inlined into this large method,
        // and vectors passed to a real call are boxed, which makes the kernel ten times slower
        int c0 = cOff;
        int c1 = cOff + ldc;
        int c2 = cOff + 2 * ldc;
        int c3 = cOff + 3 * ldc;
        int c4 = cOff + 4 * ldc;
        int c5 = cOff + 5 * ldc;
        int c6 = cOff + 6 * ldc;
        int c7 = cOff + 7 * ldc;
        s00.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.add(FloatVector.fromArray(S, c, c0 + V)).intoArray(c, c0 + V);
        s02.add(FloatVector.fromArray(S, c, c0 + 2 * V)).intoArray(c, c0 + 2 * V);
        s10.add(FloatVector.fromArray(S, c, c1)).intoArray(c, c1);
        s11.add(FloatVector.fromArray(S, c, c1 + V)).intoArray(c, c1 + V);
        s12.add(FloatVector.fromArray(S, c, c1 + 2 * V)).intoArray(c, c1 + 2 * V);
        s20.add(FloatVector.fromArray(S, c, c2)).intoArray(c, c2);
        s21.add(FloatVector.fromArray(S, c, c2 + V)).intoArray(c, c2 + V);
        s22.add(FloatVector.fromArray(S, c, c2 + 2 * V)).intoArray(c, c2 + 2 * V);
        s30.add(FloatVector.fromArray(S, c, c3)).intoArray(c, c3);
        s31.add(FloatVector.fromArray(S, c, c3 + V)).intoArray(c, c3 + V);
        s32.add(FloatVector.fromArray(S, c, c3 + 2 * V)).intoArray(c, c3 + 2 * V);
        s40.add(FloatVector.fromArray(S, c, c4)).intoArray(c, c4);
        s41.add(FloatVector.fromArray(S, c, c4 + V)).intoArray(c, c4 + V);
        s42.add(FloatVector.fromArray(S, c, c4 + 2 * V)).intoArray(c, c4 + 2 * V);
        s50.add(FloatVector.fromArray(S, c, c5)).intoArray(c, c5);
        s51.add(FloatVector.fromArray(S, c, c5 + V)).intoArray(c, c5 + V);
        s52.add(FloatVector.fromArray(S, c, c5 + 2 * V)).intoArray(c, c5 + 2 * V);
        s60.add(FloatVector.fromArray(S, c, c6)).intoArray(c, c6);
        s61.add(FloatVector.fromArray(S, c, c6 + V)).intoArray(c, c6 + V);
        s62.add(FloatVector.fromArray(S, c, c6 + 2 * V)).intoArray(c, c6 + 2 * V);
        s70.add(FloatVector.fromArray(S, c, c7)).intoArray(c, c7);
        s71.add(FloatVector.fromArray(S, c, c7 + V)).intoArray(c, c7 + V);
        s72.add(FloatVector.fromArray(S, c, c7 + 2 * V)).intoArray(c, c7 + 2 * V);
    }

    /**
     * Eight rows of A at {@code a[aOff + row * rowStep + p * kStep]}: packed (rowStep 1, kStep 8) or in place
     * (rowStep lda, kStep 1); the sums are the same either way.
     */
    private static void tile8x2(int k, float[] a, int aOff, int rowStep, int kStep, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        FloatVector s40 = s00, s41 = s00, s50 = s00, s51 = s00, s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            int ap = aOff + p * kStep;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            s00 = Simd.fma(x0, b0, s00);
            s01 = Simd.fma(x0, b1, s01);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + rowStep]);
            s10 = Simd.fma(x1, b0, s10);
            s11 = Simd.fma(x1, b1, s11);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * rowStep]);
            s20 = Simd.fma(x2, b0, s20);
            s21 = Simd.fma(x2, b1, s21);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * rowStep]);
            s30 = Simd.fma(x3, b0, s30);
            s31 = Simd.fma(x3, b1, s31);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * rowStep]);
            s40 = Simd.fma(x4, b0, s40);
            s41 = Simd.fma(x4, b1, s41);
            FloatVector x5 = FloatVector.broadcast(S, a[ap + 5 * rowStep]);
            s50 = Simd.fma(x5, b0, s50);
            s51 = Simd.fma(x5, b1, s51);
            FloatVector x6 = FloatVector.broadcast(S, a[ap + 6 * rowStep]);
            s60 = Simd.fma(x6, b0, s60);
            s61 = Simd.fma(x6, b1, s61);
            FloatVector x7 = FloatVector.broadcast(S, a[ap + 7 * rowStep]);
            s70 = Simd.fma(x7, b0, s70);
            s71 = Simd.fma(x7, b1, s71);
        }
        int c0 = cOff;
        int c1 = cOff + ldc;
        int c2 = cOff + 2 * ldc;
        int c3 = cOff + 3 * ldc;
        int c4 = cOff + 4 * ldc;
        int c5 = cOff + 5 * ldc;
        int c6 = cOff + 6 * ldc;
        int c7 = cOff + 7 * ldc;
        s00.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.add(FloatVector.fromArray(S, c, c0 + V)).intoArray(c, c0 + V);
        s10.add(FloatVector.fromArray(S, c, c1)).intoArray(c, c1);
        s11.add(FloatVector.fromArray(S, c, c1 + V)).intoArray(c, c1 + V);
        s20.add(FloatVector.fromArray(S, c, c2)).intoArray(c, c2);
        s21.add(FloatVector.fromArray(S, c, c2 + V)).intoArray(c, c2 + V);
        s30.add(FloatVector.fromArray(S, c, c3)).intoArray(c, c3);
        s31.add(FloatVector.fromArray(S, c, c3 + V)).intoArray(c, c3 + V);
        s40.add(FloatVector.fromArray(S, c, c4)).intoArray(c, c4);
        s41.add(FloatVector.fromArray(S, c, c4 + V)).intoArray(c, c4 + V);
        s50.add(FloatVector.fromArray(S, c, c5)).intoArray(c, c5);
        s51.add(FloatVector.fromArray(S, c, c5 + V)).intoArray(c, c5 + V);
        s60.add(FloatVector.fromArray(S, c, c6)).intoArray(c, c6);
        s61.add(FloatVector.fromArray(S, c, c6 + V)).intoArray(c, c6 + V);
        s70.add(FloatVector.fromArray(S, c, c7)).intoArray(c, c7);
        s71.add(FloatVector.fromArray(S, c, c7 + V)).intoArray(c, c7 + V);
    }

    private static void tile4x3(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int c0 = cOff;
        int c1 = cOff + ldc;
        int c2 = cOff + 2 * ldc;
        int c3 = cOff + 3 * ldc;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00, s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * V);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s00 = Simd.fma(x, b0, s00);
            s01 = Simd.fma(x, b1, s01);
            s02 = Simd.fma(x, b2, s02);
            x = FloatVector.broadcast(S, a[a1 + p]);
            s10 = Simd.fma(x, b0, s10);
            s11 = Simd.fma(x, b1, s11);
            s12 = Simd.fma(x, b2, s12);
            x = FloatVector.broadcast(S, a[a2 + p]);
            s20 = Simd.fma(x, b0, s20);
            s21 = Simd.fma(x, b1, s21);
            s22 = Simd.fma(x, b2, s22);
            x = FloatVector.broadcast(S, a[a3 + p]);
            s30 = Simd.fma(x, b0, s30);
            s31 = Simd.fma(x, b1, s31);
            s32 = Simd.fma(x, b2, s32);
        }
        s00.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.add(FloatVector.fromArray(S, c, c0 + V)).intoArray(c, c0 + V);
        s02.add(FloatVector.fromArray(S, c, c0 + 2 * V)).intoArray(c, c0 + 2 * V);
        s10.add(FloatVector.fromArray(S, c, c1)).intoArray(c, c1);
        s11.add(FloatVector.fromArray(S, c, c1 + V)).intoArray(c, c1 + V);
        s12.add(FloatVector.fromArray(S, c, c1 + 2 * V)).intoArray(c, c1 + 2 * V);
        s20.add(FloatVector.fromArray(S, c, c2)).intoArray(c, c2);
        s21.add(FloatVector.fromArray(S, c, c2 + V)).intoArray(c, c2 + V);
        s22.add(FloatVector.fromArray(S, c, c2 + 2 * V)).intoArray(c, c2 + 2 * V);
        s30.add(FloatVector.fromArray(S, c, c3)).intoArray(c, c3);
        s31.add(FloatVector.fromArray(S, c, c3 + V)).intoArray(c, c3 + V);
        s32.add(FloatVector.fromArray(S, c, c3 + 2 * V)).intoArray(c, c3 + 2 * V);
    }

    /** 4 rows x 2 vectors: 8 accumulators, 2 B vectors and a broadcast, for CPUs with 16 vector registers. */
    private static void tile4x2(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s00 = Simd.fma(x, b0, s00);
            s01 = Simd.fma(x, b1, s01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            s10 = Simd.fma(x, b0, s10);
            s11 = Simd.fma(x, b1, s11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            s20 = Simd.fma(x, b0, s20);
            s21 = Simd.fma(x, b1, s21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            s30 = Simd.fma(x, b0, s30);
            s31 = Simd.fma(x, b1, s31);
        }
        int c0 = cOff;
        int c1 = cOff + ldc;
        int c2 = cOff + 2 * ldc;
        int c3 = cOff + 3 * ldc;
        s00.add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.add(FloatVector.fromArray(S, c, c0 + V)).intoArray(c, c0 + V);
        s10.add(FloatVector.fromArray(S, c, c1)).intoArray(c, c1);
        s11.add(FloatVector.fromArray(S, c, c1 + V)).intoArray(c, c1 + V);
        s20.add(FloatVector.fromArray(S, c, c2)).intoArray(c, c2);
        s21.add(FloatVector.fromArray(S, c, c2 + V)).intoArray(c, c2 + V);
        s30.add(FloatVector.fromArray(S, c, c3)).intoArray(c, c3);
        s31.add(FloatVector.fromArray(S, c, c3 + V)).intoArray(c, c3 + V);
    }

    private static void tile4x1(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb);
            s0 = Simd.fma(FloatVector.broadcast(S, a[a0 + p]), bv, s0);
            s1 = Simd.fma(FloatVector.broadcast(S, a[a1 + p]), bv, s1);
            s2 = Simd.fma(FloatVector.broadcast(S, a[a2 + p]), bv, s2);
            s3 = Simd.fma(FloatVector.broadcast(S, a[a3 + p]), bv, s3);
        }
        s0.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
        s1.add(FloatVector.fromArray(S, c, cOff + ldc)).intoArray(c, cOff + ldc);
        s2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
        s3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
    }

    private static void tile1x1(int k, float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s = Simd.fma(FloatVector.broadcast(S, a[aOff + p]), FloatVector.fromArray(S, b, bOff + p * ldb), s);
        }
        s.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
    }
}
