package dev.siren.train;

import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.head.LayerSelection;
import dev.siren.guard.progress.Progress;
import dev.siren.train.mlp.HyperParameterSearch;
import dev.siren.train.mlp.HyperParameters;
import dev.siren.train.mlp.Mlp;
import dev.siren.train.mlp.MlpEnsemble;
import dev.siren.train.mlp.MlpTrainer;
import dev.siren.train.probe.AdamL1ProbeSolver;
import dev.siren.train.probe.L1ProbeSolver;
import dev.siren.train.probe.LayerProbeResult;
import dev.siren.train.probe.LayerProbing;
import dev.siren.train.probe.ProbeSolver;
import dev.siren.train.selection.LayerF1Weights;
import dev.siren.train.selection.SafetyNeurons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The SIREN method on pooled layer features: per-layer L1 probes (C chosen on validation), safety neurons
 * covering eta of each probe's |w|, layer weights from the probes' validation F1, then the MLP head, its
 * settings searched by k-fold CV on train + validation, and a final fit on train + validation (optionally of
 * several seeds, folded into one head that averages their logits).
 */
public final class SirenTrainer {

    private final SirenTrainingOptions options;
    private final Progress progress;

    public SirenTrainer(SirenTrainingOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param train      training rows
     * @param validation rows for probe C selection and layer F1; null to split {@code validationFraction} off train
     */
    public TrainedSiren train(LabeledFeatures train, LabeledFeatures validation) {
        if (validation == null) {
            int[][] split = train.stratifiedSplit(options.validationFraction(), options.seed());
            validation = train.subset(split[1]);
            train = train.subset(split[0]);
        }
        if (!options.sourceWeights().isEmpty()) { // after the split: validation rows are never repeated
            train = options.sourceWeights().weigh(train);
        }
        if (validation.layers() != train.layers() || validation.hidden() != train.hidden()) {
            throw new IllegalArgumentException("validation features are " + validation.layers() + " x "
                    + validation.hidden() + ", training features " + train.layers() + " x " + train.hidden());
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<LayerProbeResult> probes = List.of();
        List<LayerSelection> layers;
        if (options.lastLayerOnly()) {
            layers = lastLayerOnly(train.layers(), train.hidden());
        } else {
            ProbeSolver solver = options.adamProbes() ? new AdamL1ProbeSolver(options.seed())
                    : new L1ProbeSolver(options.probeTolerance(), options.probeMaxIterations(), options.seed());
            LayerProbing probing = new LayerProbing(solver, options.cGrid(), options.threads());
            probes = probing.run(train.features(), train.labels(), validation.features(), validation.labels(),
                    validation.sources(), progress);
            layers = safetyNeurons(probes);
            seconds.put("probes", elapsed(t0));
            progress.info(String.format(Locale.ROOT, "probes: best layer F1 %.4f, head input width %d",
                    probes.stream().mapToDouble(LayerProbeResult::validationF1).max().orElseThrow(),
                    LayerSelection.width(layers)));
        }

        LabeledFeatures all = train.concat(validation);
        float[][] x = inputs(layers, all.features());
        MlpTrainer.Options fitOptions = new MlpTrainer.Options(options.batchSize(), options.maxEpochs(),
                options.patience(), options.weightDecay());
        try (Parallel parallel = new Parallel(options.threads())) {
            HyperParameterSearch.Result search = null;
            HyperParameters hp;
            double selectionScore;
            double bestEpoch;
            long t1 = System.nanoTime();
            if (options.searchTrials() > 0) {
                search = new HyperParameterSearch(new HyperParameterSearch.Options(options.searchTrials(),
                        options.searchFolds(), fitOptions, options.seed()), parallel)
                        .run(x, all.labels(), all.sources(), progress);
                hp = search.best().params();
                selectionScore = search.best().meanScore();
                bestEpoch = search.best().meanBestEpoch();
                seconds.put("search", elapsed(t1));
            } else {
                hp = options.fixedHyperParameters();
                MlpTrainer.Outcome early = new MlpTrainer(fitOptions, parallel).train(hp, inputs(layers,
                                train.features()), train.labels(), MlpTrainer.Validation.of(
                                inputs(layers, validation.features()), validation.labels(), validation.sources()),
                        options.seed(), MlpTrainer.EpochListener.NONE);
                selectionScore = early.bestScore();
                bestEpoch = early.bestEpoch();
                seconds.put("early-stopped fit", elapsed(t1));
            }
            int finalEpochs = options.finalEpochs() > 0 ? options.finalEpochs() : Math.max(1, (int) Math.round(bestEpoch));
            progress.info(String.format(Locale.ROOT, "final fit: %s, %d epochs on %d rows%s (selection F1 %.4f)",
                    hp, finalEpochs, all.size(), options.ensemble() > 1 ? ", " + options.ensemble() + " seeds" : "",
                    selectionScore));
            long t2 = System.nanoTime();
            MlpTrainer finalTrainer = new MlpTrainer(new MlpTrainer.Options(options.batchSize(), finalEpochs, 0,
                    options.weightDecay()), parallel);
            List<Mlp> members = new ArrayList<>();
            try (Progress.Task task = progress.start("final fit", (long) finalEpochs * options.ensemble(), "epochs")) {
                for (int k = 0; k < options.ensemble(); k++) {
                    members.add(finalTrainer.train(hp, x, all.labels(), null, options.seed() + k,
                            (e, s) -> task.advance()).mlp());
                }
            }
            seconds.put("final fit", elapsed(t2));
            return new TrainedSiren(layers, MlpEnsemble.fold(members).toClassifier(), probes, hp, search,
                    selectionScore, finalEpochs, train.size(), validation.size(), options, seconds);
        }
    }

    /** Safety neurons and alpha weights from the per-layer probes, layers ascending. */
    List<LayerSelection> safetyNeurons(List<LayerProbeResult> probes) {
        int layers = probes.size();
        int[][] neurons = new int[layers][];
        double[] f1 = new double[layers];
        for (LayerProbeResult p : probes) {
            neurons[p.layer()] = SafetyNeurons.select(p.probe().weights(), options.eta());
            f1[p.layer()] = p.validationF1();
        }
        double[] alpha = LayerF1Weights.fromValidationF1(f1);
        List<LayerSelection> selections = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            selections.add(new LayerSelection(l, (float) alpha[l], neurons[l]));
        }
        return selections;
    }

    /** The baseline: every unit of the last layer, weight 1; earlier layers read nothing. */
    static List<LayerSelection> lastLayerOnly(int layers, int hidden) {
        List<LayerSelection> selections = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            int[] neurons = l == layers - 1 ? IntStream.range(0, hidden).toArray() : new int[0];
            selections.add(new LayerSelection(l, 1, neurons));
        }
        return selections;
    }

    /** The MLP inputs of samples given as pooled features [sample][layer][hidden], as the head reads them. */
    private static float[][] inputs(List<LayerSelection> layers, float[][][] samples) {
        float[][] x = new float[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            x[i] = LayerSelection.features(layers, TrainedSiren.FEATURE_DTYPE, samples[i]);
        }
        return x;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
