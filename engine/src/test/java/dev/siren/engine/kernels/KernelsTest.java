package dev.siren.engine.kernels;

import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each SIMD kernel against its scalar reference, on sizes that exercise the vector tiles and the scalar tails. */
class KernelsTest {

    private final Random random = new Random(42);

    private float[] randomArray(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private WeightMatrix matrix(DType dtype, int rows, int cols, Arena arena) {
        MemorySegment seg = arena.allocate((long) rows * cols * dtype.bytes());
        for (int i = 0; i < rows * cols; i++) {
            SafetensorsWriter.putFloat(seg, dtype, i, (float) random.nextGaussian());
        }
        return new WeightMatrix("w", dtype, rows, cols, seg);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void matmulTransposedMatchesScalar(DType dtype) {
        try (Arena arena = Arena.ofShared(); Parallel par = new Parallel(2)) {
            for (int[] mnk : new int[][] {{1, 1, 1}, {7, 10, 37}, {9, 12, 64}, {33, 66, 130}, {4, 4, 16}, {20, 64, 600}, {13, 40, 513},
                    {70, 20, 2100}}) { // the last: two blocks of inputs and, at 1050 inputs, more rows than a block
                int m = mnk[0], n = mnk[1], k = mnk[2];
                WeightMatrix w = matrix(dtype, n, k, arena);
                int aStride = k + 3; // a strided view, as attention heads use
                float[] a = randomArray(m * aStride);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] init = randomArray(m * n);
                    float[] simd = init.clone();
                    float[] scalar = init.clone();
                    Kernels.matmulTransposed(a, 3, aStride, m, w, simd, 0, n, accumulate, par);
                    ScalarKernels.matmulTransposed(a, 3, aStride, m, w, scalar, 0, n, accumulate);
                    assertArrayEquals(scalar, simd, 1e-4f * k / 16, dtype + " " + m + "x" + n + "x" + k);
                }
            }
        }
    }

    /**
     * A bias starts the sums of the panels asked for (the last one partial), through the full tiles, the padded last
     * rows, the one-row kernel, two blocks of inputs and two blocks of rows; the other panels' columns are left alone.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void panelsWithBiasMatchScalar(DType dtype) {
        try (Arena arena = Arena.ofShared(); Parallel par = new Parallel(1)) {
            for (int[] mnk : new int[][] {{1, 1, 1}, {13, 70, 37}, {23, 100, 130}, {19, 40, 2100}, {70, 40, 2100}}) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                WeightMatrix stored = matrix(dtype, n, k, arena);
                PackedWeights w = PackedWeights.pack(stored, arena, par);
                float[] a = randomArray(m * k);
                float[] bias = randomArray(n);
                int from = w.panels() > 1 ? 1 : 0;
                int first = from * PackedWeights.PANEL;
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] init = randomArray(m * n);
                    float[] simd = init.clone();
                    float[] scalar = init.clone();
                    Kernels.matmulTransposedPanels(a, 0, k, m, w, from, w.panels(), simd, 0, n, accumulate, bias);
                    ScalarKernels.matmulTransposed(a, 0, k, m, stored, scalar, 0, n, accumulate);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            String at = dtype + " " + m + "x" + n + "x" + k + " accumulate=" + accumulate + " [" + i + "," + j + "]";
                            if (j < first) {
                                assertEquals(init[i * n + j], simd[i * n + j], at + " (outside the panels)");
                            } else {
                                assertEquals(scalar[i * n + j] + bias[j], simd[i * n + j], 1e-4f * k / 16, at);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The softmax of many rows step by step over the rows gives each row the bits of its own softmax. */
    @Test
    void softmaxRowsEqualsTheSoftmaxOfEachRow() {
        for (int n : new int[] {1, 5, 16, 37, 64}) {
            int rows = 9;
            float[] x = randomArray(rows * n);
            for (int i = 3; n > 1 && i < x.length; i += 7) {
                x[i] = Float.NEGATIVE_INFINITY; // a masked key, never a whole row
            }
            float[] each = x.clone();
            for (int r = 0; r < rows; r++) {
                Kernels.softmax(each, r * n, n);
            }
            Kernels.softmaxRows(x, 0, rows, n, new float[rows]);
            assertArrayEquals(each, x, "n=" + n);
        }
    }

    @Test
    void matmulMatchesScalar() {
        for (int[] mkn : new int[][] {{1, 1, 1}, {5, 7, 16}, {8, 33, 128}, {6, 130, 70}, {3, 9, 64}}) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            float[] a = randomArray(m * k);
            float[] b = randomArray(k * (n + 5));
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] init = randomArray(m * n);
                float[] simd = init.clone();
                float[] scalar = init.clone();
                Kernels.matmul(a, 0, k, m, k, b, 2, n + 5, n, simd, 0, n, accumulate);
                ScalarKernels.matmul(a, 0, k, m, k, b, 2, n + 5, n, scalar, 0, n, accumulate);
                assertArrayEquals(scalar, simd, 1e-4f * k / 16, m + "x" + k + "x" + n);
            }
        }
    }

    /**
     * The array product sums each output in the same order in every tile, packed (48 columns and more) or reading A
     * in place (attention's 32-column P·V): BERT's attention relies on it to run a sequence's queries in blocks.
     */
    @Test
    void anArrayProductRowDoesNotDependOnTheOtherRows() {
        int m = 21, k = 70; // two 8-row tiles, a 4-row tile and a single row
        for (int n : new int[] {32, 64, 100}) {
            float[] a = randomArray(m * k);
            float[] b = randomArray(k * n);
            float[] together = new float[m * n];
            Kernels.matmul(a, 0, k, m, k, b, 0, n, n, together, 0, n, false);
            for (int i = 0; i < m; i++) {
                float[] alone = new float[n];
                Kernels.matmul(a, i * k, k, 1, k, b, 0, n, n, alone, 0, n, false);
                assertArrayEquals(alone, java.util.Arrays.copyOfRange(together, i * n, (i + 1) * n), "n=" + n + " row " + i);
            }
        }
    }

    /** Full tiles, the padded last rows and the one-row kernel sum each output in the same order. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void aRowsResultDoesNotDependOnTheOtherRows(DType dtype) {
        try (Arena arena = Arena.ofShared(); Parallel par = new Parallel(1)) {
            int n = 64;
            for (int k : new int[] {300, 2100}) { // one block of inputs, two
                PackedWeights w = PackedWeights.pack(matrix(dtype, n, k, arena), arena, par);
                for (int m : new int[] {17, 23}) { // two 8-row tiles, then 1 row alone or 7 through the padded tile
                    float[] a = randomArray(m * k);
                    float[] init = randomArray(m * n);
                    for (float[] bias : new float[][] {null, randomArray(n)}) {
                        for (boolean accumulate : new boolean[] {false, true}) {
                            float[] together = init.clone();
                            Kernels.matmulTransposedPanels(a, 0, k, m, w, 0, w.panels(), together, 0, n, accumulate, bias);
                            for (int i = 0; i < m; i++) {
                                float[] alone = java.util.Arrays.copyOfRange(init, i * n, (i + 1) * n);
                                Kernels.matmulTransposedPanels(a, i * k, k, 1, w, 0, w.panels(), alone, 0, n, accumulate, bias);
                                assertArrayEquals(alone, java.util.Arrays.copyOfRange(together, i * n, (i + 1) * n),
                                        dtype + " k=" + k + " m=" + m + " row " + i + " accumulate=" + accumulate
                                                + " bias=" + (bias != null));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void fromInputMajorTransposes() {
        float[] inByOut = {1, 2, 3, 4, 5, 6}; // in = 2, out = 3
        WeightMatrix w = WeightMatrix.fromInputMajor("w", inByOut, 2, 3);
        float[] out = new float[3];
        Kernels.matmulTransposed(new float[] {10, 100}, 0, 2, 1, w, out, 0, 3, false, new Parallel(1));
        assertArrayEquals(new float[] {410, 520, 630}, out);
    }

    /**
     * The last values that do not fill a vector go through the same vector code on a padded copy, so a value there
     * gets the same bits as the same value inside a whole vector.
     */
    @Test
    void tailValuesGetTheBitsOfWholeVectorLanes() {
        int lanes = Simd.LANES;
        for (int tail : new int[] {1, 3, lanes - 1}) {
            float[] x = randomArray(lanes + tail);
            float[] up = randomArray(lanes + tail);
            x[0] = 40f; // e^-40 ... e^40 in softmax and SiLU, beyond GELU's clamp at 4
            x[1] = -40f;
            System.arraycopy(x, 0, x, lanes, tail);
            System.arraycopy(up, 0, up, lanes, tail);
            float[] silu = x.clone();
            Kernels.siluMul(silu, 0, up, 0, x.length);
            float[] gelu = x.clone();
            EncoderKernels.gelu(gelu, 0, x.length);
            float[] softmax = x.clone();
            Kernels.softmax(softmax, 0, x.length);
            for (int j = 0; j < tail; j++) {
                assertEquals(Float.floatToRawIntBits(silu[j]), Float.floatToRawIntBits(silu[lanes + j]), "siluMul " + j);
                assertEquals(Float.floatToRawIntBits(gelu[j]), Float.floatToRawIntBits(gelu[lanes + j]), "gelu " + j);
                assertEquals(Float.floatToRawIntBits(softmax[j]), Float.floatToRawIntBits(softmax[lanes + j]),
                        "softmax " + j);
            }
        }
    }

    @Test
    void softmaxPropagatesNaN() {
        for (int n : new int[] {3, Simd.LANES, Simd.LANES + 3}) {
            for (int at = 0; at < n; at += 2) {
                float[] x = randomArray(n);
                x[at] = Float.NaN;
                Kernels.softmax(x, 0, n);
                for (float v : x) {
                    assertTrue(Float.isNaN(v), "a NaN at " + at + " of " + n + " must make every output NaN");
                }
            }
        }
    }

    @Test
    void elementwiseKernelsMatchScalar() {
        for (int n : new int[] {1, 15, 16, 64, 100, 3072}) {
            float[] x = randomArray(n + 2);
            float[] w = randomArray(n);
            float[] simd = new float[n + 2];
            float[] scalar = new float[n + 2];
            Kernels.rmsNorm(x, 2, w, 1e-6f, simd, 1, n);
            ScalarKernels.rmsNorm(x, 2, w, 1e-6f, scalar, 1, n);
            assertArrayEquals(scalar, simd, 1e-5f, "rmsNorm " + n);

            float[] gate = randomArray(n);
            float[] up = randomArray(n);
            float[] g1 = gate.clone();
            float[] g2 = gate.clone();
            Kernels.siluMul(g1, 0, up, 0, n);
            ScalarKernels.siluMul(g2, 0, up, 0, n);
            assertArrayEquals(g2, g1, 1e-5f, "siluMul " + n);

            float[] s1 = randomArray(n);
            s1[0] = Float.NEGATIVE_INFINITY;
            float[] s2 = s1.clone();
            if (n > 1) {
                Kernels.softmax(s1, 0, n);
                ScalarKernels.softmax(s2, 0, n);
                assertArrayEquals(s2, s1, 1e-6f, "softmax " + n);
            }
        }
        for (int headDim : new int[] {2, 16, 64, 128, 96}) {
            float[] x = randomArray(headDim * 2);
            float[] cos = randomArray(headDim + 3);
            float[] sin = randomArray(headDim + 3);
            float[] a = x.clone();
            float[] b = x.clone();
            Kernels.rope(a, headDim, cos, sin, 3, headDim);
            ScalarKernels.rope(b, headDim, cos, sin, 3, headDim);
            assertArrayEquals(b, a, 1e-5f, "rope " + headDim);
        }
    }
}
