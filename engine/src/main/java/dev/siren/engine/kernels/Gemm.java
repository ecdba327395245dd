package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp32 matrix-matrix products for many rows at once (an encoder's tokens, attention scores): C += A·B with
 * row-major operands given as (array, offset, row stride). The micro-kernel keeps an 8-row x 3-vector block of
 * C in registers (24 of the 32 AVX-512 registers) and broadcasts one A value per row and k, so every loaded B
 * vector is used eight times and no horizontal reductions are needed. (8x3 measured 20 % faster than 4x3 on
 * AVX-512; wider blocks such as 6x4 run out of registers and collapse.) B is either a {@link PackedMatrix} (constant weights, streamed panel by
 * panel) or a plain row-major matrix (attention: K transposed, V).
 */
public final class Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int ROWS = 8;
    /** Columns in one register block and in one {@link PackedMatrix} panel. */
    public static final int PANEL_WIDTH = 3 * V;

    private Gemm() {
    }

    /** C[0..m, 0..n) += A[0..m, 0..k) · B[0..k, 0..n), all row-major with the given strides. */
    public static void multiplyAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 4 <= m; ) {
            boolean eight = i + ROWS <= m;
            int aRow = aOff + i * lda;
            int cRow = cOff + i * ldc;
            int j = 0;
            for (; j + PANEL_WIDTH <= n; j += PANEL_WIDTH) {
                if (eight) {
                    tile8x3(k, a, aRow, lda, b, bOff + j, ldb, c, cRow + j, ldc);
                } else {
                    tile4x3(k, a, aRow, lda, b, bOff + j, ldb, c, cRow + j, ldc);
                }
            }
            for (; j < n; j += V) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                tile4x1(k, a, aRow, lda, b, bOff + j, ldb, c, cRow + j, ldc, mask);
                if (eight) {
                    tile4x1(k, a, aRow + 4 * lda, lda, b, bOff + j, ldb, c, cRow + 4 * ldc + j, ldc, mask);
                }
            }
            i += eight ? ROWS : 4;
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j += V) {
                tile1x1(k, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j, S.indexInRange(j, n));
            }
        }
    }

    /**
     * C[0..m, cols of panels [panelFrom, panelTo)) += A[0..m, 0..w.rows()) · W. Callers split the panels
     * (and the rows) between threads.
     */
    public static void multiplyAdd(int m, float[] a, int aOff, int lda, PackedMatrix w, int panelFrom, int panelTo,
                                   float[] c, int cOff, int ldc) {
        int k = w.rows();
        int n = w.cols();
        float[] panels = w.panels();
        for (int p = panelFrom; p < panelTo; p++) {
            int col = p * PANEL_WIDTH;
            int panelOff = p * k * PANEL_WIDTH;
            int i = 0;
            if (col + PANEL_WIDTH <= n) {
                for (; i + ROWS <= m; i += ROWS) {
                    tile8x3(k, a, aOff + i * lda, lda, panels, panelOff, PANEL_WIDTH, c, cOff + i * ldc + col, ldc);
                }
                for (; i + 4 <= m; i += 4) {
                    tile4x3(k, a, aOff + i * lda, lda, panels, panelOff, PANEL_WIDTH, c, cOff + i * ldc + col, ldc);
                }
            } else {
                // the last, partial panel (zero-padded in memory): mask the columns past n
                for (; i + 4 <= m; i += 4) {
                    for (int j = 0; col + j < n; j += V) {
                        tile4x1(k, a, aOff + i * lda, lda, panels, panelOff + j, PANEL_WIDTH, c,
                                cOff + i * ldc + col + j, ldc, S.indexInRange(col + j, n));
                    }
                }
            }
            for (; i < m; i++) {
                for (int j = 0; col + j < n && j < PANEL_WIDTH; j += V) {
                    tile1x1(k, a, aOff + i * lda, panels, panelOff + j, PANEL_WIDTH, c, cOff + i * ldc + col + j,
                            S.indexInRange(col + j, n));
                }
            }
        }
    }

    private static void tile8x3(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        int a6 = aOff + 6 * lda;
        int a7 = aOff + 7 * lda;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00, s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * V);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(S, a[a1 + p]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(S, a[a2 + p]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(S, a[a3 + p]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(S, a[a4 + p]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
            s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(S, a[a5 + p]);
            s50 = x.fma(b0, s50);
            s51 = x.fma(b1, s51);
            s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(S, a[a6 + p]);
            s60 = x.fma(b0, s60);
            s61 = x.fma(b1, s61);
            s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(S, a[a7 + p]);
            s70 = x.fma(b0, s70);
            s71 = x.fma(b1, s71);
            s72 = x.fma(b2, s72);
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
        FloatVector s00 = FloatVector.fromArray(S, c, c0);
        FloatVector s01 = FloatVector.fromArray(S, c, c0 + V);
        FloatVector s02 = FloatVector.fromArray(S, c, c0 + 2 * V);
        FloatVector s10 = FloatVector.fromArray(S, c, c1);
        FloatVector s11 = FloatVector.fromArray(S, c, c1 + V);
        FloatVector s12 = FloatVector.fromArray(S, c, c1 + 2 * V);
        FloatVector s20 = FloatVector.fromArray(S, c, c2);
        FloatVector s21 = FloatVector.fromArray(S, c, c2 + V);
        FloatVector s22 = FloatVector.fromArray(S, c, c2 + 2 * V);
        FloatVector s30 = FloatVector.fromArray(S, c, c3);
        FloatVector s31 = FloatVector.fromArray(S, c, c3 + V);
        FloatVector s32 = FloatVector.fromArray(S, c, c3 + 2 * V);
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * V);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(S, a[a1 + p]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(S, a[a2 + p]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(S, a[a3 + p]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + V);
        s02.intoArray(c, c0 + 2 * V);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + V);
        s12.intoArray(c, c1 + 2 * V);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + V);
        s22.intoArray(c, c2 + 2 * V);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + V);
        s32.intoArray(c, c3 + 2 * V);
    }

    private static void tile4x1(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, VectorMask<Float> mask) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        FloatVector s0 = FloatVector.fromArray(S, c, cOff, mask);
        FloatVector s1 = FloatVector.fromArray(S, c, cOff + ldc, mask);
        FloatVector s2 = FloatVector.fromArray(S, c, cOff + 2 * ldc, mask);
        FloatVector s3 = FloatVector.fromArray(S, c, cOff + 3 * ldc, mask);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb, mask);
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[a1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[a2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[a3 + p]).fma(bv, s3);
        }
        s0.intoArray(c, cOff, mask);
        s1.intoArray(c, cOff + ldc, mask);
        s2.intoArray(c, cOff + 2 * ldc, mask);
        s3.intoArray(c, cOff + 3 * ldc, mask);
    }

    private static void tile1x1(int k, float[] a, int aOff, float[] b, int bOff, int ldb,
                                float[] c, int cOff, VectorMask<Float> mask) {
        FloatVector s = FloatVector.fromArray(S, c, cOff, mask);
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(S, a[aOff + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb, mask), s);
        }
        s.intoArray(c, cOff, mask);
    }
}
