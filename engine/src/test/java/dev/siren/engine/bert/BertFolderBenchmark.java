package dev.siren.engine.bert;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Backbones;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Latency and throughput of a BERT model folder on random token ids (not a test): {@code DIR THREADS}. Used for
 * machine-to-machine comparisons with a random-weight model of a real model's shape (speed does not depend on the
 * weights' values), e.g. against ONNX Runtime running the same model exported to ONNX.
 */
public final class BertFolderBenchmark {

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[1]);
        try (Backbone encoder = Backbones.open(Path.of(args[0]), BackboneOptions.defaults().withThreads(threads))) {
            Random random = new Random(1);
            int[] prompt = ids(random, 64);
            for (int i = 0; i < 200; i++) {
                encoder.layerMeans(List.of(prompt));
            }
            long[] times = new long[500];
            for (int i = 0; i < times.length; i++) {
                long t = System.nanoTime();
                encoder.layerMeans(List.of(prompt));
                times[i] = System.nanoTime() - t;
            }
            Arrays.sort(times);
            System.out.printf("SIREN %s threads=%d: 64-token latency p50 %.2f ms p90 %.2f ms%n", args[0], threads,
                    times[250] / 1e6, times[450] / 1e6);
            for (int length : new int[] {14, 85, 128, 512}) {
                List<int[]> batch = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    batch.add(ids(random, length));
                }
                int rounds = Math.max(3, 40_000 / (32 * length));
                encoder.layerMeans(batch);
                long t = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    encoder.layerMeans(batch);
                }
                double seconds = (System.nanoTime() - t) / 1e9;
                System.out.printf("SIREN batch 32 x %d tokens: %.0f tokens/s%n", length, rounds * 32.0 * length / seconds);
            }
        }
    }

    private static int[] ids(Random random, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 1000 + random.nextInt(29000);
        }
        return ids;
    }
}
