package dev.siren.engine.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/** Manual single-thread GEMM speed check (not a test), in CPU time so that a busy machine distorts it less. */
public final class GemmSpeedCheck {

    public static void main(String[] args) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Random random = new Random(1);
        System.out.println("species " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        for (int[] shape : new int[][] {{128, 384, 1152}, {128, 384, 1536}, {128, 1536, 384}, {64, 384, 384}, {512, 384, 1536}}) {
            int m = shape[0], k = shape[1], n = shape[2];
            float[] a = new float[m * k];
            float[] w = new float[k * n];
            for (int i = 0; i < a.length; i++) a[i] = random.nextFloat();
            for (int i = 0; i < w.length; i++) w[i] = random.nextFloat();
            PackedMatrix packed = PackedMatrix.fromInOut(w, k, n);
            float[] c = new float[m * n];
            double best = 0;
            for (int rep = 0; rep < 30; rep++) {
                long t = bean.getCurrentThreadCpuTime();
                int iters = 20;
                for (int it = 0; it < iters; it++) {
                    Gemm.multiplyAdd(m, a, 0, k, packed, 0, packed.panelCount(), c, 0, n);
                }
                double s = (bean.getCurrentThreadCpuTime() - t) / 1e9;
                best = Math.max(best, 2.0 * m * n * k * iters / s / 1e9);
            }
            System.out.printf("packed %dx%dx%d: %.1f GFLOP/s (cpu time)%n", m, k, n, best);
        }
    }
}
