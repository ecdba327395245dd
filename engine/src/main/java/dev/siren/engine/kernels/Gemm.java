package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp32 matrix-matrix products for many rows at once (an encoder's tokens, attention scores): C += A·B with
 * row-major operands given as (array, offset, row stride). The micro-kernel keeps a 4-row x 3-vector block of
 * C in registers and broadcasts one A value per row and k, so every loaded B vector is used four times and
 * no horizontal reductions are needed. B is either a {@link PackedMatrix} (constant weights, streamed panel by
 * panel) or a plain row-major matrix (attention: K transposed, V).
 */
public final class Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int ROWS = 4;
    /** Columns in one register block and in one {@link PackedMatrix} panel. */
    public static final int PANEL_WIDTH = 3 * V;

    private Gemm() {
    }

    /** C[0..m, 0..n) += A[0..m, 0..k) · B[0..k, 0..n), all row-major with the given strides. */
    public static void multiplyAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int j = 0;
            for (; j + PANEL_WIDTH <= n; j += PANEL_WIDTH) {
                tile4x3(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; j < n; j += V) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, S.indexInRange(j, n));
            }
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
            boolean full = col + PANEL_WIDTH <= n;
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                int cRow = cOff + i * ldc + col;
                if (full) {
                    tile4x3(k, a, aOff + i * lda, lda, panels, panelOff, PANEL_WIDTH, c, cRow, ldc);
                } else {
                    for (int j = 0; col + j < n; j += V) {
                        tile4x1(k, a, aOff + i * lda, lda, panels, panelOff + j, PANEL_WIDTH, c, cRow + j, ldc,
                                S.indexInRange(col + j, n));
                    }
                }
            }
            for (; i < m; i++) {
                for (int j = 0; j < PANEL_WIDTH && col + j < n; j += V) {
                    tile1x1(k, a, aOff + i * lda, panels, panelOff + j, PANEL_WIDTH, c, cOff + i * ldc + col + j,
                            S.indexInRange(col + j, n));
                }
            }
        }
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
