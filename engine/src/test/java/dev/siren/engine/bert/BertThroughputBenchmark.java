package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batch throughput of an embedded encoder (not a test; see docs/BENCHMARKS.md): {@code MODEL THREADS ROUNDS
 * LENGTH...}. For each LENGTH, batches of 32 random-id sequences of that length go through
 * {@link BertEncoder#layerMeans} (as {@code siren train} extraction sends them) for about 2 s after one warm-up
 * second; each round prints tokens/s (wall clock). Speed does not depend on the weights, so real embedded weights do.
 */
public final class BertThroughputBenchmark {

    private static final int BATCH = 32;

    public static void main(String[] args) {
        EmbeddedBertModel model = EmbeddedBertModel.byName(args[0]).orElseThrow(
                () -> new IllegalArgumentException("unknown model " + args[0] + "; one of " + EmbeddedBertModel.names()));
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        try (BertEncoder encoder = model.open(BackboneOptions.defaults().withThreads(threads))) {
            Random random = new Random(1);
            for (int a = 3; a < args.length; a++) {
                int length = Integer.parseInt(args[a]);
                List<int[]> batch = new ArrayList<>();
                for (int s = 0; s < BATCH; s++) {
                    int[] ids = new int[length];
                    for (int i = 0; i < length; i++) {
                        ids[i] = 1000 + random.nextInt(29000);
                    }
                    batch.add(ids);
                }
                timeFor(encoder, batch, 1.0);
                StringBuilder line = new StringBuilder();
                for (int round = 0; round < rounds; round++) {
                    line.append(String.format(" %6.0f", timeFor(encoder, batch, 2.0)));
                }
                System.out.printf("%s threads=%d 32x%d tokens/s:%s%n", model.id(), threads, length, line);
            }
        }
    }

    /** Runs the batch repeatedly for at least {@code seconds}; returns tokens per second. */
    private static double timeFor(BertEncoder encoder, List<int[]> batch, double seconds) {
        long tokens = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            encoder.layerMeans(batch);
            tokens += (long) batch.size() * batch.getFirst().length;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < seconds * 1e9);
        return tokens / (elapsed / 1e9);
    }
}
