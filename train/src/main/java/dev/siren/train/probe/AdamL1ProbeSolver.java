package dev.siren.train.probe;

import java.util.SplittableRandom;

/**
 * The paper's probe: {@code nn.Linear(d, 1)} with Kaiming-normal weights and zero bias, trained on
 * mean BCE + (1/C)(Σ|w| + |b|) by Adam (lr 0.01, batch 256, subgradient of |.|, so weights are small but rarely
 * exactly zero), early-stopped on the validation metric with the best epoch restored. The C search uses quick fits
 * (100 epochs at most, patience 15); the winning C is retrained in full (500, patience 50), as the reference does.
 * Kept for comparison with {@link L1ProbeSolver}; its C scale is the paper's (200, 500, 1000).
 */
public final class AdamL1ProbeSolver implements ProbeSolver {

    private static final double LEARNING_RATE = 0.01;
    private static final int BATCH = 256;
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    private final long seed;

    public AdamL1ProbeSolver(long seed) {
        this.seed = seed;
    }

    @Override
    public Session open(float[][] rows, int[] labels, Validation validation) {
        return new Session() {
            @Override
            public LinearProbe fit(double c) {
                return train(rows, labels, validation, c, 100, 15);
            }

            @Override
            public LinearProbe refine(LinearProbe best) {
                return train(rows, labels, validation, best.c(), 500, 50);
            }
        };
    }

    private LinearProbe train(float[][] x, int[] y, Validation validation, double c, int maxEpochs, int patience) {
        int d = x[0].length;
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.Random init = new java.util.Random(seed);
        float[] w = new float[d];
        double std = Math.sqrt(2.0 / d);
        for (int j = 0; j < d; j++) w[j] = (float) (init.nextGaussian() * std);
        float[] bias = {0f};
        double lambda = 1 / c;
        double[] mw = new double[d], vw = new double[d];
        double[] mb = new double[1], vb = new double[1];
        double[] gw = new double[d];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int step = 0;
        LinearProbe best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < order.length; from += BATCH) {
                int to = Math.min(order.length, from + BATCH);
                java.util.Arrays.fill(gw, 0);
                double gb = 0;
                for (int k = from; k < to; k++) {
                    float[] row = x[order[k]];
                    double z = bias[0];
                    for (int j = 0; j < d; j++) z += w[j] * row[j];
                    double g = (1 / (1 + Math.exp(-z)) - y[order[k]]) / (to - from);
                    for (int j = 0; j < d; j++) gw[j] += g * row[j];
                    gb += g;
                }
                step++;
                for (int j = 0; j < d; j++) {
                    w[j] = (float) adam(w[j], gw[j] + lambda * Math.signum(w[j]), mw, vw, j, step);
                }
                bias[0] = (float) adam(bias[0], gb + lambda * Math.signum(bias[0]), mb, vb, 0, step);
            }
            LinearProbe probe = new LinearProbe(w.clone(), bias[0], c);
            double score = validation.score(probe);
            if (score > bestScore) {
                bestScore = score;
                best = probe;
                bestEpoch = epoch;
            } else if (epoch - bestEpoch >= patience) {
                break;
            }
        }
        return best;
    }

    private static double adam(double param, double grad, double[] m, double[] v, int k, int step) {
        m[k] = BETA1 * m[k] + (1 - BETA1) * grad;
        v[k] = BETA2 * v[k] + (1 - BETA2) * grad * grad;
        double mHat = m[k] / (1 - Math.pow(BETA1, step));
        double vHat = v[k] / (1 - Math.pow(BETA2, step));
        return param - LEARNING_RATE * mHat / (Math.sqrt(vHat) + EPSILON);
    }
}
