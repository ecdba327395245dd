package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DenseLayerKernelsTest {

    private static float[] random(int n, Random rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    // Odd sizes exercise the 4-row tiles, the 2-column tiles, the vector tails and the cache blocks.
    private static final int[][] SHAPES = {{1, 1, 1}, {7, 33, 5}, {9, 70001, 3}, {13, 129, 17}, {64, 300, 250}};

    @Test
    void multiplyTransposedMatchesNaiveProduct() {
        Random rng = new Random(1);
        for (int[] s : SHAPES) {
            int rows = s[0], inner = s[1], cols = s[2];
            float[] a = random(rows * inner, rng), b = random(cols * inner, rng);
            float[] out = new float[rows * cols];
            DenseLayerKernels.multiplyTransposed(a, b, out, inner, cols, 0, rows);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double expected = 0;
                    for (int k = 0; k < inner; k++) expected += (double) a[r * inner + k] * b[c * inner + k];
                    assertEquals(expected, out[r * cols + c], 1e-4 * Math.sqrt(inner) + 1e-5, "shape " + rows + "x" + inner + "x" + cols);
                }
            }
        }
    }

    @Test
    void multiplyAccumulateAddsNaiveProduct() {
        Random rng = new Random(2);
        for (int[] s : SHAPES) {
            int rows = s[0], inner = Math.min(s[1], 400), cols = s[2];
            float[] a = random(rows * inner, rng), b = random(inner * cols, rng);
            float[] out = random(rows * cols, rng);
            float[] before = out.clone();
            DenseLayerKernels.multiplyAccumulate(a, b, out, inner, cols, 0, rows);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double expected = before[r * cols + c];
                    for (int k = 0; k < inner; k++) expected += (double) a[r * inner + k] * b[k * cols + c];
                    assertEquals(expected, out[r * cols + c], 1e-4 * Math.sqrt(inner) + 1e-5);
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnHowRowsAreSplit() {
        Random rng = new Random(3);
        int rows = 23, inner = 301, cols = 19;
        float[] a = random(rows * inner, rng), b = random(cols * inner, rng);
        float[] whole = new float[rows * cols], parts = new float[rows * cols];
        DenseLayerKernels.multiplyTransposed(a, b, whole, inner, cols, 0, rows);
        DenseLayerKernels.multiplyTransposed(a, b, parts, inner, cols, 0, 6);
        DenseLayerKernels.multiplyTransposed(a, b, parts, inner, cols, 6, 13);
        DenseLayerKernels.multiplyTransposed(a, b, parts, inner, cols, 13, rows);
        assertArrayEquals(whole, parts);

        float[] b2 = random(inner * cols, rng);
        float[] whole2 = new float[rows * cols], parts2 = new float[rows * cols];
        DenseLayerKernels.multiplyAccumulate(a, b2, whole2, inner, cols, 0, rows);
        DenseLayerKernels.multiplyAccumulate(a, b2, parts2, inner, cols, 0, 5);
        DenseLayerKernels.multiplyAccumulate(a, b2, parts2, inner, cols, 5, rows);
        assertArrayEquals(whole2, parts2);
    }
}
