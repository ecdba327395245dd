package dev.siren.train.agent;

import dev.siren.train.probe.LiblinearLogistic;

/**
 * A logistic readout of standardised states ({@link LiblinearLogistic} with standardisation), its weights folded
 * back so it reads raw states.
 *
 * @param weight one weight per hidden unit, for raw states
 * @param bias   the intercept, for raw states
 */
record LogisticReadout(float[] weight, float bias) {

    private static final double TOLERANCE = 1e-4;
    private static final int MAX_ITERATIONS = 1000;

    static LogisticReadout fit(float[][] rows, int[] labels, Penalty penalty, double c, long seed) {
        LiblinearLogistic.Fit fit = LiblinearLogistic.of(rows, labels, true)
                .fit(penalty.solver, c, TOLERANCE, MAX_ITERATIONS, seed);
        return new LogisticReadout(fit.weight(), fit.bias());
    }

    /** sigmoid(weight . x + bias). */
    double score(float[] x) {
        double logit = bias;
        for (int j = 0; j < weight.length; j++) {
            logit += (double) weight[j] * x[j];
        }
        return 1 / (1 + Math.exp(-logit));
    }
}
