package dev.siren.engine.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A quick manual speed check (not a test): java ... dev.siren.engine.bert.BertSpeedCheck [model] [threads]. */
public final class BertSpeedCheck {

    public static void main(String[] args) {
        EmbeddedBertModel model = EmbeddedBertModel.byName(args.length > 0 ? args[0] : "all-minilm-l6-v2").orElseThrow();
        long t0 = System.nanoTime();
        try (BertEncoder encoder = args.length > 1 ? withThreads(model.open(), Integer.parseInt(args[1])) : model.open()) {
            System.out.printf("load %.2f s%n", (System.nanoTime() - t0) / 1e9);
            Random random = new Random(1);
            int[] prompt = ids(random, 64);
            for (int i = 0; i < 50; i++) {
                encoder.layerMeans(List.of(prompt));
            }
            long[] times = new long[100];
            for (int i = 0; i < times.length; i++) {
                long s = System.nanoTime();
                encoder.layerMeans(List.of(prompt));
                times[i] = System.nanoTime() - s;
            }
            Arrays.sort(times);
            System.out.printf("64-token latency p50 %.2f ms p90 %.2f ms%n", times[50] / 1e6, times[90] / 1e6);
            for (int length : new int[] {14, 85, 128, 512}) {
                List<int[]> batch = new ArrayList<>();
                int count = Math.max(8, 16384 / length);
                for (int i = 0; i < count; i++) {
                    batch.add(ids(random, length));
                }
                encoder.layerMeans(batch.subList(0, Math.min(batch.size(), 8)));
                long s = System.nanoTime();
                long cpu = processCpuNanos();
                encoder.layerMeans(batch);
                double seconds = (System.nanoTime() - s) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
                System.out.printf("%d x %d tokens: %.0f tokens/s wall, %.0f tokens per CPU-second%n", count, length,
                        count * length / seconds, count * length / cpuSeconds);
            }
        }
    }

    private static BertEncoder withThreads(BertEncoder encoder, int threads) {
        BertEncoder result = new BertEncoder(encoder.weights(), encoder.info().source(),
                dev.siren.engine.BackboneOptions.defaults().withThreads(threads));
        encoder.close();
        return result;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int[] ids(Random random, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 1000 + random.nextInt(29000);
        }
        return ids;
    }
}
