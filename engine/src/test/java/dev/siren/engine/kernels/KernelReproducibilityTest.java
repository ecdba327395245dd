package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The kernels give the same bits before and after C2 compiles them: C2 replaces the Vector API's Java code by
 * intrinsics, and an intrinsic that rounds differently made one guard score differ from itself by 7e-9 in CI.
 */
class KernelReproducibilityTest {

    /** Enough calls for C2 to compile every kernel of the workload (tier-4 thresholds are ~5,000-15,000). */
    private static final int WARM_UP_CALLS = 20_000;

    /**
     * The workload after C2 compiled it here against a child JVM without C2 ({@code -XX:TieredStopAtLevel=1}),
     * where the Java fallbacks of the Vector API run throughout, as they do in a cold JVM. (Comparing a first, cold
     * call with a later one in this JVM would not fail reliably: other test classes may have warmed the kernels.) The
     * child computes at this JVM's vector width ({@link ChildJvm#vectorFlags()}).
     */
    @Test
    void sameBitsWithAndWithoutC2() throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            workload();
        }
        float[] warm = workload();
        assertArrayEquals(ChildJvm.run(KernelReproducibilityTest.class, List.of("-XX:TieredStopAtLevel=1")), warm);
    }

    /** Entry point of the child JVM: prints the workload's results. */
    public static void main(String[] args) {
        ChildJvm.print(workload());
    }

    /**
     * Every kernel with a reduction or an exp, on fixed pseudo-random inputs, at sizes with vector tails; the
     * outputs concatenated.
     */
    static float[] workload() {
        Random random = new Random(3);
        float[] out = new float[0];

        float[] scores = gaussian(random, 77, 8);
        scores[5] = Float.NEGATIVE_INFINITY; // a masked key
        Kernels.softmax(scores, 0, scores.length);
        out = concat(out, scores);

        float[] gate = gaussian(random, 100, 6);
        Kernels.siluMul(gate, 0, gaussian(random, 100, 1), 0, gate.length);
        out = concat(out, gate);

        float[] x = gaussian(random, 101, 3);
        float[] rms = new float[x.length];
        Kernels.rmsNorm(x, 0, gaussian(random, 101, 1), 1e-6f, rms, 0, x.length);
        out = concat(out, rms);

        float[] ln = gaussian(random, 99, 3);
        EncoderKernels.layerNorm(ln, 0, ln.length, gaussian(random, 99, 1), gaussian(random, 99, 1), 1e-12f);
        out = concat(out, ln);

        float[] g = gaussian(random, 45, 3);
        EncoderKernels.gelu(g, 0, g.length);
        out = concat(out, g);

        int rows = 5, inner = 70, cols = 3;
        float[] product = new float[rows * cols];
        DenseLayerKernels.multiplyTransposed(gaussian(random, rows * inner, 1), gaussian(random, cols * inner, 1),
                product, inner, cols, 0, rows);
        return concat(out, product);
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
