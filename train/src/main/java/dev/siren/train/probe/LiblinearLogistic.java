package dev.siren.train.probe;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.util.Random;

/**
 * A logistic regression fitted with liblinear ({@code C * sum log(1 + exp(-y (w.z + b))) + penalty(w, b)}) on float
 * rows, the bias a constant last feature penalised like the weights. The training set is converted once and can be
 * fitted for many C. Optionally each feature is standardised with the rows' mean and deviation first; the fitted
 * weights then have the standardizer folded in ({@code weight = w / sd}, {@code bias = b - sum(w * mean / sd)}), so
 * they always read raw rows and score the harmful class (label 1).
 */
public final class LiblinearLogistic {

    static {
        Linear.disableDebugOutput();
    }

    /** Weights and intercept for raw rows; {@code weight . x + bias} is the harmful class's logit. */
    public record Fit(float[] weight, float bias) {
    }

    private final Problem problem;
    private final double[] mean; // null unless standardised
    private final double[] sd;

    private LiblinearLogistic(Problem problem, double[] mean, double[] sd) {
        this.problem = problem;
        this.mean = mean;
        this.sd = sd;
    }

    /** Converts rows (dense, rows x hidden) and 0/1 labels, standardising each feature when {@code standardize}. */
    public static LiblinearLogistic of(float[][] rows, int[] labels, boolean standardize) {
        int hidden = rows[0].length;
        double[] mean = standardize ? means(rows) : null;
        double[] sd = standardize ? deviations(rows, mean) : null;
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
                f[j] = new FeatureNode(j + 1, standardize ? (rows[i][j] - mean[j]) / sd[j] : rows[i][j]);
            }
            f[hidden] = new FeatureNode(hidden + 1, 1);
            p.x[i] = f;
        }
        if (!harmful || !benign) {
            throw new IllegalArgumentException("a logistic fit needs both harmful and benign training rows");
        }
        return new LiblinearLogistic(p, mean, sd);
    }

    /**
     * @param solver        {@link SolverType#L1R_LR} (sparse weights) or {@link SolverType#L2R_LR}
     * @param tolerance     liblinear's stopping tolerance (scikit-learn's {@code tol})
     * @param maxIterations outer Newton iterations at most (scikit-learn's {@code max_iter})
     * @param seed          seeds the solver's coordinate shuffling, so results are reproducible
     */
    public Fit fit(SolverType solver, double c, double tolerance, int maxIterations, long seed) {
        Parameter parameter = new Parameter(solver, c, tolerance);
        parameter.setMaxIters(maxIterations);
        parameter.setRandom(new Random(seed));
        Model model = Linear.train(problem, parameter);
        double[] w = model.getFeatureWeights();
        double sign = model.getLabels()[0] == 1 ? 1 : -1; // liblinear's weights score its first label
        int hidden = problem.n - 1;
        float[] weight = new float[hidden];
        double bias = sign * w[hidden];
        for (int j = 0; j < hidden; j++) {
            double wj = sign * w[j];
            if (sd != null) {
                wj /= sd[j];
                bias -= wj * mean[j];
            }
            weight[j] = (float) wj;
        }
        return new Fit(weight, (float) bias);
    }

    private static double[] means(float[][] rows) {
        double[] mean = new double[rows[0].length];
        for (float[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    private static double[] deviations(float[][] rows, double[] mean) {
        double[] sd = new double[mean.length];
        for (float[] row : rows) {
            for (int j = 0; j < sd.length; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < sd.length; j++) {
            sd[j] = Math.sqrt(sd[j] / rows.length);
            sd[j] = sd[j] > 1e-12 ? sd[j] : 1; // a constant unit carries no signal; leave it unscaled
        }
        return sd;
    }
}
