package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SIMD GEMM against a plain triple loop, over shapes that hit every tile and tail path. */
class GemmTest {

    private final Random random = new Random(7);

    @Test
    void packedWeightsMatchPlainProduct() {
        for (int m : new int[] {1, 3, 4, 7, 8, 13, 21}) {
            for (int n : new int[] {1, 16, 47, 48, 50, 96, 130}) {
                int k = 37;
                float[] a = random(m * k);
                float[] w = random(k * n);
                float[] c = random(m * n);
                float[] expected = c.clone();
                plainMultiplyAdd(m, n, k, a, w, expected);
                PackedMatrix packed = PackedMatrix.fromInOut(w, k, n);
                Gemm.multiplyAdd(m, a, 0, k, packed, 0, packed.panelCount(), c, 0, n);
                assertClose(expected, c, "packed m=" + m + " n=" + n);
            }
        }
    }

    @Test
    void outInLayoutAndConcatenationPackTheSameMatrix() {
        int k = 20;
        float[] w1 = random(k * 30);
        float[] w2 = random(k * 40);
        float[] w2OutIn = new float[w2.length];
        for (int i = 0; i < k; i++) {
            for (int o = 0; o < 40; o++) {
                w2OutIn[o * k + i] = w2[i * 40 + o];
            }
        }
        PackedMatrix joined = PackedMatrix.concatOutputs(PackedMatrix.fromInOut(w1, k, 30), PackedMatrix.fromOutIn(w2OutIn, k, 40));
        for (int i = 0; i < k; i++) {
            for (int o = 0; o < 70; o++) {
                assertEquals(o < 30 ? w1[i * 30 + o] : w2[i * 40 + o - 30], joined.get(i, o));
            }
        }
    }

    @Test
    void stridedOperandsMatchPlainProduct() {
        for (int m : new int[] {1, 5, 8, 12, 17}) {
            for (int n : new int[] {3, 32, 48, 64, 100}) {
                int k = 33;
                int lda = k + 5;
                int ldb = n + 3;
                int ldc = n + 7;
                float[] a = random(m * lda + 2);
                float[] b = random(k * ldb + 1);
                float[] c = random(m * ldc + 4);
                float[] expected = c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0;
                        for (int p = 0; p < k; p++) {
                            sum += a[2 + i * lda + p] * b[1 + p * ldb + j];
                        }
                        expected[4 + i * ldc + j] += sum;
                    }
                }
                Gemm.multiplyAdd(m, n, k, a, 2, lda, b, 1, ldb, c, 4, ldc);
                assertClose(expected, c, "strided m=" + m + " n=" + n);
            }
        }
    }

    private static void plainMultiplyAdd(int m, int n, int k, float[] a, float[] w, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * w[p * n + j];
                }
                c[i * n + j] += sum;
            }
        }
    }

    private float[] random(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }
}
