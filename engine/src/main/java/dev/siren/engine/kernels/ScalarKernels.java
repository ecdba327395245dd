package dev.siren.engine.kernels;

import dev.siren.engine.weights.Tensor;

/**
 * Plain-loop reference versions of {@link Kernels}, accumulating in double. Tests check the SIMD kernels against
 * them; they are too slow for real use.
 */
public final class ScalarKernels {

    private ScalarKernels() {
    }

    /** {@code C[m x w.rows] (+)= A[m x k] * W^T}. */
    public static void matmulTransposed(float[] a, int aOff, int aStride, int m, WeightMatrix w,
                                        float[] c, int cOff, int cStride, boolean accumulate) {
        Tensor t = new Tensor(w.name(), "(matrix)", w.dtype(), new long[] {w.rows(), w.cols()}, w.data());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < w.rows(); j++) {
                double s = 0;
                for (int x = 0; x < w.cols(); x++) {
                    s += (double) a[aOff + i * aStride + x] * t.getFloat((long) j * w.cols() + x);
                }
                int ci = cOff + i * cStride + j;
                c[ci] = (float) (accumulate ? c[ci] + s : s);
            }
        }
    }

    /** {@code C[m x n] (+)= A[m x k] * B[k x n]}. */
    public static void matmul(float[] a, int aOff, int aStride, int m, int k, float[] b, int bOff, int bStride, int n,
                              float[] c, int cOff, int cStride, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int x = 0; x < k; x++) {
                    s += (double) a[aOff + i * aStride + x] * b[bOff + x * bStride + j];
                }
                int ci = cOff + i * cStride + j;
                c[ci] = (float) (accumulate ? c[ci] + s : s);
            }
        }
    }

    public static void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int n) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[xOff + i] * x[xOff + i];
        }
        double scale = 1.0 / Math.sqrt(ss / n + eps);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) (weight[i] * (x[xOff + i] * scale));
        }
    }

    public static void rope(float[] x, int off, float[] cos, float[] sin, int csOff, int headDim) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double x1 = x[off + i];
            double x2 = x[off + half + i];
            x[off + i] = (float) (x1 * cos[csOff + i] - x2 * sin[csOff + i]);
            x[off + half + i] = (float) (x2 * cos[csOff + i] + x1 * sin[csOff + i]);
        }
    }

    public static void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        for (int i = 0; i < n; i++) {
            double g = gate[gOff + i];
            gate[gOff + i] = (float) (g / (1 + Math.exp(-g)) * up[uOff + i]);
        }
    }

    public static void softmax(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(x[off + i] - max);
            sum += e[i];
        }
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) (e[i] / sum);
        }
    }
}
