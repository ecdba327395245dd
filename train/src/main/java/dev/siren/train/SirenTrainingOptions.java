package dev.siren.train;

import dev.siren.train.mlp.HyperParameters;

import java.util.Arrays;
import java.util.Objects;

/**
 * Settings of a SIREN training run. {@link #defaults()} gives the documented defaults; {@link #toBuilder()} makes
 * modified copies.
 *
 * @param seed               seeds the split, the probes, the search and every MLP fit
 * @param threads            worker threads (probes run one layer per thread; MLP products split over rows)
 * @param validationFraction share of the training rows held out for probe C selection and layer F1 when no
 *                           validation set is given (stratified by source and label)
 * @param adamProbes         train probes with the paper's Adam formulation instead of liblinear (then use the
 *                           paper's C scale, e.g. 200, 500, 1000)
 * @param cGrid              the probes' C values (liblinear/scikit-learn scale: C multiplies the summed log-loss)
 * @param probeTolerance     liblinear stopping tolerance
 * @param probeMaxIterations liblinear outer iterations at most
 * @param eta                share of each probe's total |w| the safety neurons must cover
 * @param lastLayerOnly      baseline instead of SIREN: all units of the last layer, no probes
 * @param searchTrials       hyper-parameter configurations tried (0: use {@code fixedHyperParameters})
 * @param searchFolds        cross-validation folds per trial
 * @param batchSize          MLP mini-batch
 * @param maxEpochs          MLP epochs at most per fit
 * @param patience           early-stopping patience (epochs) inside each fit
 * @param weightDecay        Adam L2 weight decay
 * @param finalEpochs        epochs of the final fit on train + validation; 0 = the best trial's mean best epoch
 * @param fixedHyperParameters head settings used without search when searchTrials is 0
 * @param ensemble           MLPs in the final fit (seeds seed, seed + 1, ...), folded into one head whose logits
 *                           are their mean ({@link dev.siren.train.mlp.MlpEnsemble}); 1 = a single MLP
 * @param sourceWeights      training rows of some sources repeated after the validation split ({@link SourceWeights})
 */
public record SirenTrainingOptions(long seed, int threads, double validationFraction, boolean adamProbes,
                                   double[] cGrid, double probeTolerance, int probeMaxIterations, double eta,
                                   boolean lastLayerOnly, int searchTrials, int searchFolds, int batchSize,
                                   int maxEpochs, int patience, double weightDecay, int finalEpochs,
                                   HyperParameters fixedHyperParameters, int ensemble, SourceWeights sourceWeights) {

    /** The head the Python reference measurement used: D-512-128-2, dropout 0.3, lr 1e-3. */
    public static final HyperParameters REFERENCE_HEAD =
            new HyperParameters(new int[] {512, 128}, new double[] {0.3, 0.3}, 1e-3);

    /** The Python reference's liblinear C grid. */
    public static final double[] LIBLINEAR_C_GRID = {0.01, 0.03, 0.1, 0.3, 1.0};

    /** The paper's C grid for its Adam formulation. */
    public static final double[] ADAM_C_GRID = {200, 500, 1000};

    public SirenTrainingOptions {
        cGrid = cGrid.clone();
        if (cGrid.length == 0 || Arrays.stream(cGrid).anyMatch(c -> !(c > 0))) {
            throw new IllegalArgumentException("the C grid needs positive values, got " + Arrays.toString(cGrid));
        }
        if (searchTrials < 0 || (searchTrials == 0 && fixedHyperParameters == null)) {
            throw new IllegalArgumentException("need search trials, or fixed hyper-parameters with 0 trials");
        }
        if (searchTrials > 0 && searchFolds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + searchFolds);
        }
        Objects.requireNonNull(sourceWeights, "sourceWeights (SourceWeights.none() for none)");
        if (ensemble < 1) {
            throw new IllegalArgumentException("an ensemble needs at least 1 MLP, got " + ensemble);
        }
        if (!(eta > 0 && eta <= 1) || threads < 1 || batchSize < 1 || maxEpochs < 1 || patience < 0 || finalEpochs < 0) {
            throw new IllegalArgumentException("invalid training options: eta " + eta + ", threads " + threads
                    + ", batch " + batchSize + ", epochs " + maxEpochs + "/" + patience + "/" + finalEpochs);
        }
    }

    @Override
    public double[] cGrid() {
        return cGrid.clone();
    }

    /**
     * The defaults: seed 42, all cores, 20 % validation split, liblinear probes over {0.01 ... 1}, eta 0.9,
     * 12 random-search trials with 3-fold CV, batch 256, at most 40 epochs with patience 4, weight decay 1e-4,
     * final fit for the best trial's mean best epoch.
     */
    public static SirenTrainingOptions defaults() {
        return new SirenTrainingOptions(42, Runtime.getRuntime().availableProcessors(), 0.2, false,
                LIBLINEAR_C_GRID, 1e-3, 100, 0.9, false, 12, 3, 256, 40, 4, 1e-4, 0, REFERENCE_HEAD, 1, SourceWeights.none());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings of an options object; {@link #build()} validates the result. */
    public static final class Builder {
        private long seed;
        private int threads;
        private double validationFraction;
        private boolean adamProbes;
        private double[] cGrid;
        private double probeTolerance;
        private int probeMaxIterations;
        private double eta;
        private boolean lastLayerOnly;
        private int searchTrials;
        private int searchFolds;
        private int batchSize;
        private int maxEpochs;
        private int patience;
        private double weightDecay;
        private int finalEpochs;
        private HyperParameters fixedHyperParameters;
        private int ensemble;
        private SourceWeights sourceWeights;

        private Builder(SirenTrainingOptions o) {
            seed = o.seed;
            threads = o.threads;
            validationFraction = o.validationFraction;
            adamProbes = o.adamProbes;
            cGrid = o.cGrid;
            probeTolerance = o.probeTolerance;
            probeMaxIterations = o.probeMaxIterations;
            eta = o.eta;
            lastLayerOnly = o.lastLayerOnly;
            searchTrials = o.searchTrials;
            searchFolds = o.searchFolds;
            batchSize = o.batchSize;
            maxEpochs = o.maxEpochs;
            patience = o.patience;
            weightDecay = o.weightDecay;
            finalEpochs = o.finalEpochs;
            fixedHyperParameters = o.fixedHyperParameters;
            ensemble = o.ensemble;
            sourceWeights = o.sourceWeights;
        }

        public Builder seed(long v) { seed = v; return this; }

        public Builder threads(int v) { threads = v; return this; }

        public Builder validationFraction(double v) { validationFraction = v; return this; }

        /** Liblinear probes with this C grid and stopping tolerance. */
        public Builder liblinearProbes(double[] grid, double tolerance) {
            adamProbes = false;
            cGrid = grid;
            probeTolerance = tolerance;
            return this;
        }

        /** The paper's Adam probes with this C grid (its scale: {@link #ADAM_C_GRID}). */
        public Builder adamProbes(double[] grid) {
            adamProbes = true;
            cGrid = grid;
            return this;
        }

        public Builder eta(double v) { eta = v; return this; }

        public Builder lastLayerOnly(boolean v) { lastLayerOnly = v; return this; }

        public Builder search(int trials, int folds) { searchTrials = trials; searchFolds = folds; return this; }

        /** No search: train these head settings (early-stopped on validation to find the final epoch count). */
        public Builder fixedHead(HyperParameters hp) { searchTrials = 0; fixedHyperParameters = hp; return this; }

        public Builder batchSize(int v) { batchSize = v; return this; }

        public Builder epochs(int max, int patienceEpochs, int finalFitEpochs) {
            maxEpochs = max;
            patience = patienceEpochs;
            finalEpochs = finalFitEpochs;
            return this;
        }

        public Builder weightDecay(double v) { weightDecay = v; return this; }

        public Builder ensemble(int members) { ensemble = members; return this; }

        public Builder sourceWeights(SourceWeights v) { sourceWeights = v; return this; }

        public SirenTrainingOptions build() {
            return new SirenTrainingOptions(seed, threads, validationFraction, adamProbes, cGrid, probeTolerance,
                    probeMaxIterations, eta, lastLayerOnly, searchTrials, searchFolds, batchSize, maxEpochs, patience,
                    weightDecay, finalEpochs, fixedHyperParameters, ensemble, sourceWeights);
        }
    }
}
