package dev.siren.train.mlp;

import java.util.Arrays;
import java.util.Locale;

/**
 * The searched settings of the SIREN head.
 *
 * @param hidden       hidden layer widths (2 or 3 in the reference space)
 * @param dropout      dropout probability after each hidden layer
 * @param learningRate Adam learning rate
 */
public record HyperParameters(int[] hidden, double[] dropout, double learningRate) {

    public HyperParameters {
        if (hidden.length != dropout.length || hidden.length == 0) {
            throw new IllegalArgumentException("need one dropout per hidden layer and at least one hidden layer");
        }
    }

    @Override
    public String toString() {
        return "hidden=" + Arrays.toString(hidden) + " dropout=" + Arrays.toString(
                Arrays.stream(dropout).map(d -> Math.round(d * 1000) / 1000.0).toArray())
                + " lr=" + String.format(Locale.ROOT, "%.2e", learningRate);
    }
}
