package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * 64-token latency of an embedded encoder (not a test; see docs/BENCHMARKS.md): {@code MODEL THREADS [ROUNDS]},
 * MODEL one of {@link EmbeddedBertModel#names()}. Speed does not depend on the weights, so the real embedded
 * weights serve as well as a random-weight folder and need no Python. Each round times 200 calls after 100 warm-up
 * calls and prints their p50 and p90 (wall clock), the p50 of the calling thread's CPU time (with 1 thread, the
 * call's cost without the time spent waiting for a core on a busy machine) and the process's mean CPU time per call
 * (with 2 threads, the work of both); the rounds show the spread.
 */
public final class BertLatencyBenchmark {

    /** With 1 thread all work runs on the calling thread, so its CPU time is the call's cost without waiting. */
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    /** All threads' CPU time (compute threads, and JIT and GC, quiet after warm-up): the work a call costs. */
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) {
        EmbeddedBertModel model = EmbeddedBertModel.byName(args[0]).orElseThrow(
                () -> new IllegalArgumentException("unknown model " + args[0] + "; one of " + EmbeddedBertModel.names()));
        int threads = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (BertEncoder encoder = model.open(BackboneOptions.defaults().withThreads(threads))) {
            Random random = new Random(1);
            int[] prompt = new int[64];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = 1000 + random.nextInt(29000);
            }
            for (int i = 0; i < 100; i++) {
                encoder.layerMeans(List.of(prompt));
            }
            for (int round = 0; round < rounds; round++) {
                long[] times = new long[200];
                long[] cpu = new long[times.length];
                long processCpu = PROCESS.getProcessCpuTime();
                for (int i = 0; i < times.length; i++) {
                    long c = THREAD.getCurrentThreadCpuTime();
                    long t = System.nanoTime();
                    encoder.layerMeans(List.of(prompt));
                    times[i] = System.nanoTime() - t;
                    cpu[i] = THREAD.getCurrentThreadCpuTime() - c;
                }
                double processCpuPerCall = (PROCESS.getProcessCpuTime() - processCpu) / 1e6 / times.length;
                Arrays.sort(times);
                Arrays.sort(cpu);
                System.out.printf("%s threads=%d: 64-token latency p50 %.2f ms p90 %.2f ms; CPU time: calling thread"
                                + " p50 %.2f ms, process mean %.2f ms%n", model.id(), threads, times[100] / 1e6,
                        times[180] / 1e6, cpu[100] / 1e6, processCpuPerCall);
            }
        }
    }
}
