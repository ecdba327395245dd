package dev.siren.train.bench;

import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.train.mlp.HyperParameterSearch;
import dev.siren.train.mlp.HyperParameters;
import dev.siren.train.mlp.MlpTrainer;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Timings of the MLP head training on synthetic features (not a test; see docs/BENCHMARKS.md for the command).
 * Rows are Gaussian noise with the label shifting 32 of the columns, so early stopping sees a learnable problem.
 *
 * <pre>args: rows width [trials folds]</pre>
 * Prints: one epoch of a D-1024-256-2 head on 1 and on 2 threads, then (unless TRIALS is 0) the search with the
 * default options (12 trials, 3 folds, at most 40 epochs, patience 4) on 2 threads.
 */
public final class TrainingBenchmark {

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int width = Integer.parseInt(args[1]);
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int folds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Random rng = new Random(1);
        float[][] x = new float[rows][width];
        int[] y = new int[rows];
        String[] sources = new String[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rng.nextInt(2);
            sources[i] = "s" + (i % 4);
            for (int j = 0; j < width; j++) {
                x[i][j] = (float) rng.nextGaussian() + (j < 32 && y[i] == 1 ? 0.15f : 0f);
            }
        }
        HyperParameters head = new HyperParameters(new int[] {1024, 256}, new double[] {0.3, 0.3}, 1e-3);
        for (int threads : new int[] {1, 2}) {
            try (Parallel parallel = new Parallel(threads)) {
                MlpTrainer trainer = new MlpTrainer(new MlpTrainer.Options(256, 2, 0, 1e-4), parallel);
                long start = System.nanoTime();
                trainer.train(head, x, y, null, 1, MlpTrainer.EpochListener.NONE);
                double perEpoch = (System.nanoTime() - start) / 2e9;
                double flops = 6.0 * rows * ((double) width * 1024 + 1024 * 256 + 256 * 2);
                System.out.printf(Locale.ROOT, "epoch of %d x %d -> 1024-256-2, %d thread(s): %.2f s (%.1f GFLOP/s)%n",
                        rows, width, threads, perEpoch, flops / perEpoch / 1e9);
            }
        }
        if (trials == 0) {
            return;
        }
        try (Parallel parallel = new Parallel(2)) {
            long start = System.nanoTime();
            HyperParameterSearch.Result result = new HyperParameterSearch(new HyperParameterSearch.Options(trials, folds,
                    new MlpTrainer.Options(256, 40, 4, 1e-4), 42), parallel)
                    .run(x, y, sources, ConsoleProgress.on(new PrintWriter(System.err, true)));
            System.out.printf(Locale.ROOT, "search of %d trials x %d folds on %d x %d, 2 threads: %.0f s; best %s CV F1 %.4f%n",
                    trials, folds, rows, width, (System.nanoTime() - start) / 1e9, result.best().params(),
                    result.best().meanScore());
            System.out.println("pruned trials: " + result.trials().stream().filter(HyperParameterSearch.Trial::pruned).count()
                    + ", mean best epochs: " + Arrays.toString(result.trials().stream()
                    .mapToDouble(HyperParameterSearch.Trial::meanBestEpoch).toArray()));
        }
    }
}
