package dev.siren.engine.kernels;

import dev.siren.engine.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * GFLOP/s of the panel GEMM on one thread, by default at a Qwen3-0.6B MLP shape (128 x 1024 activations, 3072 x 1024
 * bf16 weights), in thread CPU time so that a shared machine's waiting does not count. Not a test: run its main, e.g.
 * {@code java --add-modules jdk.incubator.vector -XX:UseAVX=2 -cp engine/target/classes:engine/target/test-classes
 * dev.siren.engine.kernels.PanelGemmBenchmark [ROWS IN OUT [bf16|f32]]} ({@code 64 384 1536 f32}: a bge-small MLP).
 */
public final class PanelGemmBenchmark {

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3072;
        DType type = args.length > 3 ? DType.valueOf(args[3].toUpperCase()) : DType.BF16;
        Random random = new Random(1);
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        MemorySegment raw = type == DType.BF16 ? MemorySegment.ofArray(bf16(w)) : MemorySegment.ofArray(w);
        float[] c = new float[m * n];
        var bean = ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined(); Parallel one = new Parallel(1)) {
            PackedWeights packed = PackedWeights.pack(new WeightMatrix("w", type, n, k, raw), arena, one);
            double[] gflops = new double[7];
            for (int round = 0; round < gflops.length; round++) {
                long t0 = bean.getCurrentThreadCpuTime();
                int calls = 0;
                while (bean.getCurrentThreadCpuTime() - t0 < 1_000_000_000L) {
                    Kernels.matmulTransposedPanels(a, 0, k, m, packed, 0, packed.panels(), c, 0, n, false, null);
                    calls++;
                }
                double s = (bean.getCurrentThreadCpuTime() - t0) / 1e9;
                gflops[round] = 2.0 * m * k * n * calls / s / 1e9;
                System.out.printf("round %d: %.1f GFLOP/s%n", round + 1, gflops[round]);
            }
            java.util.Arrays.sort(gflops);
            System.out.printf("%s GEMM %dx%dx%d, %s: median %.1f GFLOP/s (one thread, of %d 1-s rounds)%n",
                    type.name().toLowerCase(), m, k, n, Simd.summary(), gflops[gflops.length / 2], gflops.length);
        }
    }

    private static short[] bf16(float[] w) {
        short[] out = new short[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (short) (Float.floatToRawIntBits(w[i]) >>> 16);
        }
        return out;
    }
}
