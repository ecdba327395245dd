package dev.siren.train;

import dev.siren.train.mlp.HyperParameterSearch;
import dev.siren.train.mlp.HyperParameters;
import dev.siren.train.mlp.Mlp;
import dev.siren.engine.kernels.Parallel;
import dev.siren.train.probe.LayerProbeResult;
import dev.siren.train.selection.FeatureLayout;

import java.util.List;
import java.util.Map;

/**
 * A trained SIREN head and how it was made.
 *
 * @param layout          safety neurons and layer weights (the head's input)
 * @param mlp             the classifier fitted on train + validation
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
public record TrainedSiren(FeatureLayout layout, Mlp mlp, List<LayerProbeResult> probes,
                           HyperParameters hyperParameters, HyperParameterSearch.Result search,
                           double selectionScore, int finalEpochs, int trainRows, int validationRows,
                           SirenTrainingOptions options, Map<String, Double> seconds) {

    /** softmax p(harmful) for samples given as pooled layer features [sample][layer][hidden]. */
    public double[] scores(float[][][] features) {
        try (Parallel parallel = new Parallel(options.threads())) {
            return mlp.scores(layout.assembleAll(features), parallel);
        }
    }
}
