package dev.siren.train.mlp;

import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.progress.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded random search over {@link SearchSpace}, each trial scored by the mean over k stratified folds of the
 * best-epoch source-averaged macro-F1 on the held-out fold (early stopping inside each fold). A trial whose
 * running mean after a fold falls below the median of earlier trials at the same fold is stopped (median
 * pruning, once {@value #PRUNING_START} trials have finished); pruned trials cannot win.
 */
public final class HyperParameterSearch {

    static final int PRUNING_START = 4;

    /**
     * @param trials   configurations tried
     * @param folds    cross-validation folds
     * @param training per-fold training settings (early stopping needs patience > 0)
     * @param seed     seeds the sampling, the folds and every fit
     */
    public record Options(int trials, int folds, MlpTrainer.Options training, long seed) {
        public Options {
            if (trials < 1) throw new IllegalArgumentException("need at least 1 trial, got " + trials);
        }
    }

    /** One configuration and its per-fold best scores and best epochs (only the folds run, when pruned). */
    public record Trial(int number, HyperParameters params, double[] foldScores, int[] foldBestEpochs, boolean pruned) {
        public double meanScore() {
            return Arrays.stream(foldScores).average().orElse(Double.NaN);
        }

        public double meanBestEpoch() {
            return Arrays.stream(foldBestEpochs).average().orElse(Double.NaN);
        }
    }

    public record Result(List<Trial> trials, Trial best) {
    }

    private final Options options;
    private final Parallel parallel;

    public HyperParameterSearch(Options options, Parallel parallel) {
        this.options = options;
        this.parallel = parallel;
    }

    public Result run(float[][] x, int[] labels, String[] sources, Progress progress) {
        int[][] folds = StratifiedFolds.split(sources, labels, options.folds(), options.seed());
        SplittableRandom sampler = new SplittableRandom(options.seed());
        MlpTrainer trainer = new MlpTrainer(options.training(), parallel);
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        try (Progress.Task task = progress.start("MLP search", (long) options.trials() * options.folds(), "fits")) {
            for (int t = 0; t < options.trials(); t++) {
                HyperParameters hp = SearchSpace.sample(sampler, x[0].length);
                Trial trial = runTrial(t, hp, x, labels, sources, folds, trainer, trials, task);
                trials.add(trial);
                if (!trial.pruned() && (best == null || trial.meanScore() > best.meanScore())) {
                    best = trial;
                }
                progress.info(String.format(Locale.ROOT, "trial %d/%d %s: CV F1 %.4f%s (best %.4f)", t + 1,
                        options.trials(), hp, trial.meanScore(), trial.pruned() ? " pruned" : "",
                        best == null ? Double.NaN : best.meanScore()));
            }
        }
        return new Result(List.copyOf(trials), best);
    }

    private Trial runTrial(int number, HyperParameters hp, float[][] x, int[] labels, String[] sources, int[][] folds,
                           MlpTrainer trainer, List<Trial> earlier, Progress.Task task) {
        double[] scores = new double[folds.length];
        int[] epochs = new int[folds.length];
        for (int f = 0; f < folds.length; f++) {
            int[] trainRows = StratifiedFolds.complement(folds, f, x.length);
            int[] heldOut = folds[f];
            MlpTrainer.Validation validation = MlpTrainer.Validation.of(rows(x, heldOut), pick(labels, heldOut),
                    pick(sources, heldOut));
            long seed = options.seed() * 1_000_003L + number * 101L + f;
            MlpTrainer.Outcome outcome = trainer.train(hp, rows(x, trainRows), pick(labels, trainRows), validation,
                    seed, MlpTrainer.EpochListener.NONE);
            scores[f] = outcome.bestScore();
            epochs[f] = outcome.bestEpoch();
            task.advance();
            if (f < folds.length - 1 && belowMedian(Arrays.copyOf(scores, f + 1), earlier)) {
                task.advance(folds.length - 1 - f);
                return new Trial(number, hp, Arrays.copyOf(scores, f + 1), Arrays.copyOf(epochs, f + 1), true);
            }
        }
        return new Trial(number, hp, scores, epochs, false);
    }

    private static boolean belowMedian(double[] scoresSoFar, List<Trial> earlier) {
        if (earlier.size() < PRUNING_START) {
            return false;
        }
        int n = scoresSoFar.length;
        double[] others = earlier.stream().filter(t -> t.foldScores().length >= n)
                .mapToDouble(t -> Arrays.stream(t.foldScores(), 0, n).average().orElseThrow()).sorted().toArray();
        if (others.length == 0) {
            return false;
        }
        double median = others.length % 2 == 1 ? others[others.length / 2]
                : (others[others.length / 2 - 1] + others[others.length / 2]) / 2;
        return Arrays.stream(scoresSoFar).average().orElseThrow() < median;
    }

    static float[][] rows(float[][] x, int[] idx) {
        float[][] r = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) r[i] = x[idx[i]];
        return r;
    }

    static int[] pick(int[] a, int[] idx) {
        int[] r = new int[idx.length];
        for (int i = 0; i < idx.length; i++) r[i] = a[idx[i]];
        return r;
    }

    static String[] pick(String[] a, int[] idx) {
        String[] r = new String[idx.length];
        for (int i = 0; i < idx.length; i++) r[i] = a[idx[i]];
        return r;
    }
}
