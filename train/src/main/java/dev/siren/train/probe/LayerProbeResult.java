package dev.siren.train.probe;

import java.util.Map;

/**
 * The probe kept for one layer.
 *
 * @param layer          0-based layer index
 * @param probe          the probe trained with the best C
 * @param validationF1   its source-averaged validation macro-F1 (drives the layer weight alpha)
 * @param f1ByC          the validation macro-F1 of every C tried, in grid order
 */
public record LayerProbeResult(int layer, LinearProbe probe, double validationF1, Map<Double, Double> f1ByC) {
}
