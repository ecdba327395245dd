package dev.siren.train.mlp;

import dev.siren.engine.kernels.Parallel;
import dev.siren.train.metrics.SourceGroups;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an {@link Mlp} with mini-batch Adam on the mean cross-entropy (no class weights, as the reference).
 * With a validation set and a patience, training stops when the source-averaged validation macro-F1 has not
 * improved for {@code patience} epochs and the best epoch's weights are returned. Deterministic for a seed,
 * whatever the number of threads.
 */
public final class MlpTrainer {

    /**
     * @param batchSize   rows per Adam step
     * @param maxEpochs   epochs at most
     * @param patience    epochs without validation improvement before stopping (0: never stop early)
     * @param weightDecay L2 penalty added to the gradients
     */
    public record Options(int batchSize, int maxEpochs, int patience, double weightDecay) {
        public Options {
            if (batchSize < 1 || maxEpochs < 1 || patience < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("invalid MLP training options: " + batchSize + ", " + maxEpochs
                        + ", " + patience + ", " + weightDecay);
            }
        }
    }

    /** Rows to validate on, grouped by source for the selection metric. */
    public record Validation(float[][] x, int[] labels, SourceGroups groups) {
        public static Validation of(float[][] x, int[] labels, String[] sources) {
            return new Validation(x, labels, SourceGroups.of(sources, labels));
        }
    }

    /**
     * @param mlp        the trained head (the best epoch's when validating)
     * @param bestEpoch  1-based epoch of the returned weights
     * @param bestScore  its validation score (NaN without validation)
     * @param epochsRun  epochs actually run
     */
    public record Outcome(Mlp mlp, int bestEpoch, double bestScore, int epochsRun) {
    }

    /** Called after every epoch with the 1-based epoch and its validation score (NaN without validation). */
    public interface EpochListener {
        EpochListener NONE = (epoch, score) -> { };

        void epochDone(int epoch, double score);
    }

    private final Options options;
    private final Parallel parallel;

    public MlpTrainer(Options options, Parallel parallel) {
        this.options = options;
        this.parallel = parallel;
    }

    public Outcome train(HyperParameters hp, float[][] x, int[] labels, Validation validation, long seed,
                         EpochListener listener) {
        Mlp mlp = Mlp.initialise(x[0].length, hp.hidden(), seed);
        List<LayerParameters> layers = mlp.layers();
        int[] sizes = new int[layers.size() * 2];
        for (int i = 0; i < layers.size(); i++) {
            sizes[2 * i] = layers.get(i).weight().length;
            sizes[2 * i + 1] = layers.get(i).bias().length;
        }
        AdamOptimizer adam = new AdamOptimizer(sizes, hp.learningRate(), options.weightDecay());
        int batchSize = Math.min(options.batchSize(), x.length);
        MlpPass pass = new MlpPass(mlp, batchSize, parallel);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;

        Mlp best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < options.maxEpochs()) {
            epoch++;
            shuffle(order, rng);
            for (int from = 0; from < order.length; from += batchSize) {
                int count = Math.min(batchSize, order.length - from);
                pass.load(x, order, from, count);
                pass.forward(count, hp.dropout(), rng);
                pass.backward(count, labels, order, from, hp.dropout());
                adam.nextStep();
                for (int i = 0; i < layers.size(); i++) {
                    LayerParameters layer = layers.get(i);
                    float[] gw = pass.weightGradients[i];
                    float[] gb = pass.biasGradients[i];
                    int index = 2 * i;
                    parallel.forRange(gw.length, 4, (f, t) -> adam.update(index, layer.weight(), gw, f, t));
                    adam.update(index + 1, layer.bias(), gb, 0, gb.length);
                }
            }
            double score = Double.NaN;
            if (validation != null) {
                score = validationScore(mlp, pass, validation);
                if (score > bestScore) {
                    bestScore = score;
                    bestEpoch = epoch;
                    best = mlp.copy();
                }
            }
            listener.epochDone(epoch, score);
            if (validation != null && options.patience() > 0 && epoch - bestEpoch >= options.patience()) {
                break;
            }
        }
        if (validation == null) {
            return new Outcome(mlp, epoch, Double.NaN, epoch);
        }
        return new Outcome(best, bestEpoch, bestScore, epoch);
    }

    private static double validationScore(Mlp mlp, MlpPass pass, Validation validation) {
        double[] p = mlp.scores(pass, validation.x());
        boolean[] flagged = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            flagged[i] = p[i] > 0.5;
        }
        return validation.groups().meanMacroF1(validation.labels(), flagged);
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
