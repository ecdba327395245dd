package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SIMD GEMM against a plain triple loop, over shapes and strides that hit every tile and tail path. */
class GemmTest {

    private final Random random = new Random(7);

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

    /** The last columns, which do not fill a vector, get the same bits as the same columns inside whole vectors. */
    @Test
    void lastColumnsGetTheBitsOfWholeVectors() {
        int v = Simd.LANES;
        int k = 37;
        for (int m : new int[] {1, 4, 13, 64}) {
            for (int tail : new int[] {1, 3, v - 1}) {
                int n = 2 * v + tail;
                float[] a = random(m * k);
                float[] b = random(k * n);
                float[] c = random(m * n);
                float[] withTail = c.clone();
                Gemm.multiplyAdd(m, n, k, a, 0, k, b, 0, n, withTail, 0, n);
                // the tail columns moved to the front of a product whose width is a whole vector
                float[] b2 = random(k * v);
                float[] c2 = random(m * v);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, p * n + 2 * v, b2, p * v, tail);
                }
                for (int i = 0; i < m; i++) {
                    System.arraycopy(c, i * n + 2 * v, c2, i * v, tail);
                }
                Gemm.multiplyAdd(m, v, k, a, 0, k, b2, 0, v, c2, 0, v);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < tail; j++) {
                        assertEquals(Float.floatToRawIntBits(c2[i * v + j]), Float.floatToRawIntBits(withTail[i * n + 2 * v + j]),
                                "m=" + m + " tail=" + tail + " row " + i + " column " + j);
                    }
                }
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
