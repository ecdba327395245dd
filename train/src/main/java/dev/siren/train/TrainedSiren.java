package dev.siren.train;

import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.head.FeatureDtype;
import dev.siren.guard.head.LayerSelection;
import dev.siren.guard.head.MlpClassifier;
import dev.siren.train.mlp.HyperParameterSearch;
import dev.siren.train.mlp.HyperParameters;
import dev.siren.train.probe.LayerProbeResult;

import java.util.List;
import java.util.Map;

/**
 * A trained SIREN head and how it was made.
 *
 * @param layers          per backbone layer (ascending) its safety neurons and weight: the head's input
 * @param classifier      the MLP fitted on train + validation
 * @param probes          per-layer probes (empty for the last-layer-only baseline)
 * @param hyperParameters the head settings used
 * @param search          the hyper-parameter search (null when the head settings were fixed)
 * @param selectionScore  the estimate the settings were chosen on: the best trial's mean CV macro-F1, or with fixed
 *                        settings the best validation macro-F1 of the early-stopped fit
 * @param finalEpochs     epochs of the final fit
 * @param trainRows       rows used to fit the probes
 * @param validationRows  rows used to choose C and weight the layers
 * @param options         the settings of the run
 * @param seconds         wall-clock seconds of each stage, in order
 */
public record TrainedSiren(List<LayerSelection> layers, MlpClassifier classifier, List<LayerProbeResult> probes,
                           HyperParameters hyperParameters, HyperParameterSearch.Result search,
                           double selectionScore, int finalEpochs, int trainRows, int validationRows,
                           SirenTrainingOptions options, Map<String, Double> seconds) {

    /** The features a trained head reads: the pooled means as extracted, in float32. */
    public static final FeatureDtype FEATURE_DTYPE = FeatureDtype.FLOAT32;

    public TrainedSiren {
        layers = List.copyOf(layers);
    }

    /** The head's input width: the safety neurons of all layers. */
    public int width() {
        return classifier.inputSize();
    }

    /**
     * softmax p(harmful) for samples given as pooled layer features [sample][layer][hidden], computed as the guard
     * scores with the exported head ({@link LayerSelection#features}, {@link MlpClassifier#score}).
     */
    public double[] scores(float[][][] features) {
        double[] p = new double[features.length];
        try (Parallel parallel = new Parallel(options.threads())) {
            parallel.forRange(features.length, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    p[i] = classifier.score(LayerSelection.features(layers, FEATURE_DTYPE, features[i]));
                }
            });
        }
        return p;
    }
}
