package dev.siren.engine.kernels;

import dev.siren.engine.Backbone;
import dev.siren.engine.Backbones;
import dev.siren.engine.Golden;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results at another vector width, computed by a child JVM: 128-bit vectors forced with {@code siren.vector.bits},
 * and (on x86) the JVM limited to SSE ({@code -XX:UseAVX=0}, which also has no FMA instruction). The bounds are the
 * ones docs/engine.md states.
 */
class VectorWidthTest {

    /** Layer means of the golden decoder and encoder at two widths: max abs difference / max abs value. */
    static final double MODEL_BOUND = 5e-6;
    /** The same for the reductions and exp of {@link KernelReproducibilityTest#workload()}. */
    static final double KERNEL_BOUND = 1e-6;

    @Test
    void productsAreBitIdenticalAtEveryWidthAndTheRestWithinTheBound() throws IOException, InterruptedException {
        compare(ChildJvm.run(VectorWidthTest.class, List.of("-Dsiren.vector.bits=128")), true, "128-bit vectors");
    }

    @Test
    void withoutFmaResultsStayWithinTheBound() throws IOException, InterruptedException {
        compare(ChildJvm.run(VectorWidthTest.class, List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:UseAVX=0")),
                !Simd.FMA, "-XX:UseAVX=0");
    }

    private static void compare(float[] child, boolean sameProducts, String what) {
        float[][] here = parts();
        float[][] there = split(child, here);
        if (sameProducts) {
            assertArrayEquals(here[0], there[0], what + ": GEMM (one summation order per output at every width)");
        } else {
            assertTrue(Golden.relativeError(there[0], here[0]) <= 1e-5, what + ": GEMM");
        }
        double kernels = Golden.relativeError(there[1], here[1]);
        double models = Golden.relativeError(there[2], here[2]);
        System.out.printf("%s vs %d-bit here: kernels %.2e, models %.2e%n", what, Simd.vectorBits(), kernels, models);
        assertTrue(kernels <= KERNEL_BOUND, what + ": kernels differ by " + kernels);
        assertTrue(models <= MODEL_BOUND, what + ": layer means differ by " + models);
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) {
        float[][] parts = parts();
        ChildJvm.print(concat(concat(parts[0], parts[1]), parts[2]));
    }

    /** GEMM products; the other kernels; every layer mean of the golden models. */
    private static float[][] parts() {
        return new float[][] {products(), KernelReproducibilityTest.workload(), layerMeans()};
    }

    /** Panel GEMM with fp32 and bf16 weights, at sizes with partial tiles and panels, and the attention GEMM. */
    private static float[] products() {
        Random random = new Random(11);
        int m = 13, k = 300, n = 70;
        float[] a = gaussian(random, m * k);
        float[] w = gaussian(random, n * k);
        short[] bf16 = new short[w.length];
        for (int i = 0; i < bf16.length; i++) {
            bf16[i] = (short) (Float.floatToRawIntBits(w[i]) >>> 16);
        }
        float[] out = new float[3 * m * n];
        try (Arena arena = Arena.ofConfined(); Parallel one = new Parallel(1)) {
            Kernels.matmulTransposed(a, 0, k, m, PackedWeights.pack("f32", w, n, k, arena), out, 0, n, false, null, one);
            Kernels.matmulTransposed(a, 0, k, m, PackedWeights.pack(new WeightMatrix("bf16", DType.BF16, n, k, MemorySegment.ofArray(bf16)), arena, one),
                    out, m * n, n, false, null, one);
        }
        Kernels.matmul(a, 0, k, m, k, gaussian(random, k * n), 0, n, n, out, 2 * m * n, n, false);
        return out;
    }

    private static float[] layerMeans() {
        float[] out = new float[0];
        for (String model : List.of("qwen3-tiny", "bert-minilm-tiny")) {
            try (Backbone backbone = Backbones.open(Golden.model(model));
                 SafetensorsFile golden = Golden.activations(model, "batch3_rightpad")) {
                for (float[][] sequence : backbone.layerMeans(Golden.validSequences(golden))) {
                    for (float[] layer : sequence) {
                        out = concat(out, layer);
                    }
                }
            }
        }
        return out;
    }

    private static float[][] split(float[] all, float[][] like) {
        float[][] parts = new float[like.length][];
        int at = 0;
        for (int i = 0; i < like.length; i++) {
            parts[i] = Arrays.copyOfRange(all, at, at + like[i].length);
            at += like[i].length;
        }
        return parts;
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
