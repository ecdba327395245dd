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
