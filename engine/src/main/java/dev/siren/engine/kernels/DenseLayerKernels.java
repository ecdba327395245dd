package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products for training dense (fully connected) layers: the forward pass {@code X·Wᵀ} and the two
 * backward products {@code dY·W} and {@code dYᵀ·X}. All matrices are row-major in flat arrays. Every method
 * works on a range of output rows so that callers can split one product over threads; each output element
 * is always computed by the same sequence of operations, so results do not depend on the split.
 */
public final class DenseLayerKernels {

    private static final VectorSpecies<Float> SPECIES = Simd.FLOATS;
    private static final int LANES = SPECIES.length();
    /** Bytes of the reused operand kept hot per block: about half of a typical L2 cache. */
    private static final int BLOCK_BYTES = 256 * 1024;

    private DenseLayerKernels() {
    }

    /**
     * {@code out[r][c] = Σ_k a[r][k]·b[c][k]} for rows {@code r} in [r0, r1) and all columns: a is rows × inner,
     * b is cols × inner, out is rows × cols.
     */
    public static void multiplyTransposed(float[] a, float[] b, float[] out, int inner, int cols, int r0, int r1) {
        // Columns of out in blocks whose b rows stay in cache while every row of a passes over them.
        int colBlock = Math.max(4, BLOCK_BYTES / (4 * Math.max(1, inner)) / 4 * 4);
        float[] lanes = new float[LANES];
        for (int cb = 0; cb < cols; cb += colBlock) {
            int ce = Math.min(cols, cb + colBlock);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int c = cb;
                for (; c + 2 <= ce; c += 2) {
                    dot4x2(a, r, b, c, inner, out, cols, lanes);
                }
                for (; c < ce; c++) {
                    for (int i = 0; i < 4; i++) {
                        out[(r + i) * cols + c] = dot(a, (r + i) * inner, b, c * inner, inner);
                    }
                }
            }
            for (; r < r1; r++) {
                for (int c = cb; c < ce; c++) {
                    out[r * cols + c] = dot(a, r * inner, b, c * inner, inner);
                }
            }
        }
    }

    /**
     * {@code out[r][c] += Σ_k a[r][k]·b[k][c]} for rows {@code r} in [r0, r1) and all columns: a is rows × inner,
     * b is inner × cols, out is rows × cols.
     */
    public static void multiplyAccumulate(float[] a, float[] b, float[] out, int inner, int cols, int r0, int r1) {
        // Rows of b (the k dimension) in blocks that stay in cache while every row of out is updated.
        int kBlock = Math.max(1, BLOCK_BYTES / (4 * Math.max(1, cols)));
        for (int kb = 0; kb < inner; kb += kBlock) {
            int ke = Math.min(inner, kb + kBlock);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                axpyRows4(a, r, b, kb, ke, inner, out, cols);
            }
            for (; r < r1; r++) {
                axpyRow(a, r, b, kb, ke, inner, out, cols);
            }
        }
    }

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += LANES) {
            acc = Simd.fma(FloatVector.fromArray(SPECIES, a, aOff + k), FloatVector.fromArray(SPECIES, b, bOff + k), acc);
        }
        return finish(VectorMath.sum(acc), a, aOff, b, bOff, k, n);
    }

    /** The 4 × 2 block of dot products of a rows r..r+3 with b rows c, c+1: 6 loads feed 8 FMAs. */
    private static void dot4x2(float[] a, int r, float[] b, int c, int n, float[] out, int cols, float[] lanes) {
        int a0 = r * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
        int b0 = c * n, b1 = b0 + n;
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += LANES) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, b0 + k);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, b1 + k);
            FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + k);
            s00 = Simd.fma(x, w0, s00);
            s01 = Simd.fma(x, w1, s01);
            x = FloatVector.fromArray(SPECIES, a, a1 + k);
            s10 = Simd.fma(x, w0, s10);
            s11 = Simd.fma(x, w1, s11);
            x = FloatVector.fromArray(SPECIES, a, a2 + k);
            s20 = Simd.fma(x, w0, s20);
            s21 = Simd.fma(x, w1, s21);
            x = FloatVector.fromArray(SPECIES, a, a3 + k);
            s30 = Simd.fma(x, w0, s30);
            s31 = Simd.fma(x, w1, s31);
        }
        // the eight lane sums, in the order of VectorMath.sum, with a cross-lane move per two vectors per step
        if (LANES >= 8) {
            FloatVector v = VectorMath.afterThirdStep(VectorMath.thirdStep(
                    VectorMath.secondStep(VectorMath.firstStep(s00, s20), VectorMath.firstStep(s10, s30)),
                    VectorMath.secondStep(VectorMath.firstStep(s01, s21), VectorMath.firstStep(s11, s31))));
            v.intoArray(lanes, 0); // the sum for row r + i, column c + j is in lane (2 i + j) L / 8
            for (int j = 0; j < 8; j++) {
                int row = j >> 1, col = j & 1;
                float sum = lanes[j * (LANES / 8)];
                out[(r + row) * cols + c + col] = finish(sum, a, a0 + row * n, b, b0 + col * n, k, n);
            }
        } else {
            out[r * cols + c] = finish(VectorMath.sum(s00), a, a0, b, b0, k, n);
            out[r * cols + c + 1] = finish(VectorMath.sum(s01), a, a0, b, b1, k, n);
            out[(r + 1) * cols + c] = finish(VectorMath.sum(s10), a, a1, b, b0, k, n);
            out[(r + 1) * cols + c + 1] = finish(VectorMath.sum(s11), a, a1, b, b1, k, n);
            out[(r + 2) * cols + c] = finish(VectorMath.sum(s20), a, a2, b, b0, k, n);
            out[(r + 2) * cols + c + 1] = finish(VectorMath.sum(s21), a, a2, b, b1, k, n);
            out[(r + 3) * cols + c] = finish(VectorMath.sum(s30), a, a3, b, b0, k, n);
            out[(r + 3) * cols + c + 1] = finish(VectorMath.sum(s31), a, a3, b, b1, k, n);
        }
    }

    /** Adds the scalar tail [k, n) of the dot product to the lane sum of its vector part, as {@link #dot} does. */
    private static float finish(float s, float[] a, int aOff, float[] b, int bOff, int k, int n) {
        for (; k < n; k++) {
            s += a[aOff + k] * b[bOff + k];
        }
        return s;
    }

    /** out rows r..r+3 += a[r..r+3][kb..ke) · b[kb..ke): each loaded b vector feeds 4 FMAs. */
    private static void axpyRows4(float[] a, int r, float[] b, int kb, int ke, int inner, float[] out, int cols) {
        int o0 = r * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
        int a0 = r * inner, a1 = a0 + inner, a2 = a1 + inner, a3 = a2 + inner;
        int c = 0;
        int bound = SPECIES.loopBound(cols);
        for (; c < bound; c += LANES) {
            FloatVector acc0 = FloatVector.fromArray(SPECIES, out, o0 + c);
            FloatVector acc1 = FloatVector.fromArray(SPECIES, out, o1 + c);
            FloatVector acc2 = FloatVector.fromArray(SPECIES, out, o2 + c);
            FloatVector acc3 = FloatVector.fromArray(SPECIES, out, o3 + c);
            for (int k = kb; k < ke; k++) {
                FloatVector w = FloatVector.fromArray(SPECIES, b, k * cols + c);
                acc0 = Simd.fma(w, FloatVector.broadcast(SPECIES, a[a0 + k]), acc0);
                acc1 = Simd.fma(w, FloatVector.broadcast(SPECIES, a[a1 + k]), acc1);
                acc2 = Simd.fma(w, FloatVector.broadcast(SPECIES, a[a2 + k]), acc2);
                acc3 = Simd.fma(w, FloatVector.broadcast(SPECIES, a[a3 + k]), acc3);
            }
            acc0.intoArray(out, o0 + c);
            acc1.intoArray(out, o1 + c);
            acc2.intoArray(out, o2 + c);
            acc3.intoArray(out, o3 + c);
        }
        for (; c < cols; c++) {
            float s0 = out[o0 + c], s1 = out[o1 + c], s2 = out[o2 + c], s3 = out[o3 + c];
            for (int k = kb; k < ke; k++) {
                float w = b[k * cols + c];
                s0 += a[a0 + k] * w;
                s1 += a[a1 + k] * w;
                s2 += a[a2 + k] * w;
                s3 += a[a3 + k] * w;
            }
            out[o0 + c] = s0;
            out[o1 + c] = s1;
            out[o2 + c] = s2;
            out[o3 + c] = s3;
        }
    }

    private static void axpyRow(float[] a, int r, float[] b, int kb, int ke, int inner, float[] out, int cols) {
        int o = r * cols;
        int ar = r * inner;
        int c = 0;
        int bound = SPECIES.loopBound(cols);
        for (; c < bound; c += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, out, o + c);
            for (int k = kb; k < ke; k++) {
                acc = Simd.fma(FloatVector.fromArray(SPECIES, b, k * cols + c), FloatVector.broadcast(SPECIES, a[ar + k]), acc);
            }
            acc.intoArray(out, o + c);
        }
        for (; c < cols; c++) {
            float s = out[o + c];
            for (int k = kb; k < ke; k++) {
                s += a[ar + k] * b[k * cols + c];
            }
            out[o + c] = s;
        }
    }
}
