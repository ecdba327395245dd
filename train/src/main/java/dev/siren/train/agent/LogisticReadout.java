package dev.siren.train.agent;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;

import java.util.Random;

/**
 * A logistic readout of standardised states, fitted with liblinear ({@code C * sum log(1 + exp(-y (w.z + b))) +
 * penalty(w)}, z the state standardised with the training rows' mean and deviation), and returned with the
 * standardizer folded in: {@code weight = w / sd}, {@code bias = b - sum(w * mean / sd)}, so it reads raw states.
 *
 * @param weight one weight per hidden unit, for raw states
 * @param bias   the intercept, for raw states
 */
record LogisticReadout(float[] weight, float bias) {

    static {
        Linear.disableDebugOutput();
    }

    private static final double TOLERANCE = 1e-4;
    private static final int MAX_ITERATIONS = 1000;

    static LogisticReadout fit(float[][] rows, int[] labels, Penalty penalty, double c, long seed) {
        int hidden = rows[0].length;
        double[] mean = new double[hidden];
        double[] sd = new double[hidden];
        for (float[] row : rows) {
            for (int j = 0; j < hidden; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            mean[j] /= rows.length;
        }
        for (float[] row : rows) {
            for (int j = 0; j < hidden; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < hidden; j++) {
            sd[j] = Math.sqrt(sd[j] / rows.length);
            sd[j] = sd[j] > 1e-12 ? sd[j] : 1; // a constant unit carries no signal; leave it unscaled
        }
        Problem p = new Problem();
        p.l = rows.length;
        p.n = hidden + 1;
        p.bias = -1; // the constant is an explicit last feature
        p.y = new double[rows.length];
        p.x = new Feature[rows.length][];
        boolean harmful = false;
        boolean benign = false;
        for (int i = 0; i < rows.length; i++) {
            p.y[i] = labels[i] == 1 ? 1 : -1;
            harmful |= labels[i] == 1;
            benign |= labels[i] != 1;
            Feature[] f = new Feature[hidden + 1];
            for (int j = 0; j < hidden; j++) {
                f[j] = new FeatureNode(j + 1, (rows[i][j] - mean[j]) / sd[j]);
            }
            f[hidden] = new FeatureNode(hidden + 1, 1);
            p.x[i] = f;
        }
        if (!harmful || !benign) {
            throw new IllegalArgumentException("a readout needs both harmful and benign training rows");
        }
        Parameter parameter = new Parameter(penalty.solver, c, TOLERANCE);
        parameter.setMaxIters(MAX_ITERATIONS);
        parameter.setRandom(new Random(seed));
        Model model = Linear.train(p, parameter);
        double[] w = model.getFeatureWeights();
        double sign = model.getLabels()[0] == 1 ? 1 : -1; // liblinear's weights score its first label
        float[] weight = new float[hidden];
        double bias = sign * w[hidden];
        for (int j = 0; j < hidden; j++) {
            double wj = sign * w[j] / sd[j];
            weight[j] = (float) wj;
            bias -= wj * mean[j];
        }
        return new LogisticReadout(weight, (float) bias);
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
