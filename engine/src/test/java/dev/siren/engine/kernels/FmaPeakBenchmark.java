package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The roof of the GEMM's roofline: GFLOP/s of {@link Simd#fma} on registers only (12 independent accumulators, no
 * loads) on one thread, at the vector width the kernels use, in thread CPU time. With FMA that is the CPU's fp32 FMA
 * peak per core; without (x86 SSE) the multiply + add peak the GEMM can approach. Not a test: run its main, e.g.
 * {@code java --add-modules jdk.incubator.vector -XX:UseAVX=0 -cp engine/target/classes:engine/target/test-classes
 * dev.siren.engine.kernels.FmaPeakBenchmark}.
 */
public final class FmaPeakBenchmark {

    private static final int STEPS = 1 << 16;

    public static void main(String[] args) {
        var bean = ManagementFactory.getThreadMXBean();
        double[] gflops = new double[7];
        float sink = 0;
        for (int round = 0; round < gflops.length; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            long calls = 0;
            while (bean.getCurrentThreadCpuTime() - t0 < 500_000_000L) {
                sink += accumulate(0.9999f - (calls & 1023) * 1e-9f);
                calls++;
            }
            double s = (bean.getCurrentThreadCpuTime() - t0) / 1e9;
            gflops[round] = 2.0 * 12 * Simd.LANES * STEPS * calls / s / 1e9;
        }
        Arrays.sort(gflops);
        System.out.printf("fp32 peak, %s: median %.1f GFLOP/s (one thread, of %d 0.5-s rounds)%s%n",
                Simd.summary(), gflops[gflops.length / 2], gflops.length, sink == 42 ? "!" : "");
    }

    /**
     * 12 chains of {@code s = s * m + c} with m just below 1 (no overflow, no subnormals): enough independent work to
     * hide the FMA latency, and nothing else in the loop (alternating two multipliers cost a quarter of the 256-bit
     * peak).
     */
    private static float accumulate(float scale) {
        FloatVector m = FloatVector.broadcast(Simd.FLOATS, scale), c = FloatVector.broadcast(Simd.FLOATS, 1e-4f);
        FloatVector s0 = FloatVector.zero(Simd.FLOATS), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
        FloatVector s6 = s0, s7 = s0, s8 = s0, s9 = s0, s10 = s0, s11 = s0;
        for (int i = 0; i < STEPS; i++) {
            s0 = Simd.fma(s0, m, c); s1 = Simd.fma(s1, m, c); s2 = Simd.fma(s2, m, c); s3 = Simd.fma(s3, m, c);
            s4 = Simd.fma(s4, m, c); s5 = Simd.fma(s5, m, c); s6 = Simd.fma(s6, m, c); s7 = Simd.fma(s7, m, c);
            s8 = Simd.fma(s8, m, c); s9 = Simd.fma(s9, m, c); s10 = Simd.fma(s10, m, c); s11 = Simd.fma(s11, m, c);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
