package dev.siren.train;

import dev.siren.train.mlp.HyperParameters;

import java.util.Arrays;

/**
 * Settings of a SIREN training run. {@link #defaults()} gives the documented defaults; the {@code with...}
 * methods return modified copies.
 *
 * @param seed               seeds the split, the probes, the search and every MLP fit
 * @param threads            worker threads (probes run one layer per thread; MLP products split over rows)
 * @param validationFraction share of the training rows held out for probe C selection and layer F1 when no
 *                           validation set is given (stratified by source and label)
 * @param cGrid              the probes' inverse L1 strengths (liblinear/scikit-learn scale: C multiplies the
 *                           summed log-loss)
 * @param probeTolerance     liblinear stopping tolerance
 * @param probeMaxIterations liblinear outer iterations at most
 * @param eta                share of each probe's total |w| the safety neurons must cover
 * @param lastLayerOnly      baseline instead of SIREN: all units of the last layer, no probes
 * @param searchTrials       hyper-parameter configurations tried (0: use {@code fixedHyperParameters})
 * @param searchFolds        cross-validation folds per trial
 * @param batchSize          MLP mini-batch
 * @param maxEpochs          MLP epochs at most per fold
 * @param patience           early-stopping patience (epochs) inside each fold
 * @param weightDecay        Adam L2 weight decay
 * @param finalEpochs        epochs of the final fit on train + validation; 0 = the best trial's mean best epoch
 * @param fixedHyperParameters head settings used without search when searchTrials is 0
 */
public record SirenTrainingOptions(long seed, int threads, double validationFraction, double[] cGrid,
                                   double probeTolerance, int probeMaxIterations, double eta, boolean lastLayerOnly,
                                   int searchTrials, int searchFolds, int batchSize, int maxEpochs, int patience,
                                   double weightDecay, int finalEpochs, HyperParameters fixedHyperParameters) {

    /** The head the Python reference measurement used: D-512-128-2, dropout 0.3, lr 1e-3. */
    public static final HyperParameters REFERENCE_HEAD =
            new HyperParameters(new int[] {512, 128}, new double[] {0.3, 0.3}, 1e-3);

    public SirenTrainingOptions {
        cGrid = cGrid.clone();
        if (cGrid.length == 0 || Arrays.stream(cGrid).anyMatch(c -> !(c > 0))) {
            throw new IllegalArgumentException("the C grid needs positive values, got " + Arrays.toString(cGrid));
        }
        if (searchTrials == 0 && fixedHyperParameters == null) {
            throw new IllegalArgumentException("without a search (0 trials) fixed hyper-parameters are needed");
        }
    }

    public static SirenTrainingOptions defaults() {
        return new SirenTrainingOptions(42, Runtime.getRuntime().availableProcessors(), 0.2,
                new double[] {0.01, 0.03, 0.1, 0.3, 1.0}, 1e-3, 100, 0.9, false,
                12, 3, 256, 40, 4, 1e-4, 0, REFERENCE_HEAD);
    }

    public SirenTrainingOptions withSeed(long v) {
        return new SirenTrainingOptions(v, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations, eta,
                lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withThreads(int v) {
        return new SirenTrainingOptions(seed, v, validationFraction, cGrid, probeTolerance, probeMaxIterations, eta,
                lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withValidationFraction(double v) {
        return new SirenTrainingOptions(seed, threads, v, cGrid, probeTolerance, probeMaxIterations, eta,
                lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withProbes(double[] grid, double tolerance) {
        return new SirenTrainingOptions(seed, threads, validationFraction, grid, tolerance, probeMaxIterations, eta,
                lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withEta(double v) {
        return new SirenTrainingOptions(seed, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations, v,
                lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withLastLayerOnly(boolean v) {
        return new SirenTrainingOptions(seed, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations,
                eta, v, searchTrials, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withSearch(int trials, int folds) {
        return new SirenTrainingOptions(seed, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations,
                eta, lastLayerOnly, trials, folds, batchSize, maxEpochs, patience, weightDecay, finalEpochs,
                fixedHyperParameters);
    }

    public SirenTrainingOptions withEpochs(int max, int patienceEpochs, int finalFitEpochs) {
        return new SirenTrainingOptions(seed, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations,
                eta, lastLayerOnly, searchTrials, searchFolds, batchSize, max, patienceEpochs, weightDecay,
                finalFitEpochs, fixedHyperParameters);
    }

    /** Skips the search and trains the given head settings (the search trials become 0). */
    public SirenTrainingOptions withFixedHead(HyperParameters hp) {
        return new SirenTrainingOptions(seed, threads, validationFraction, cGrid, probeTolerance, probeMaxIterations,
                eta, lastLayerOnly, 0, searchFolds, batchSize, maxEpochs, patience, weightDecay, finalEpochs, hp);
    }
}
