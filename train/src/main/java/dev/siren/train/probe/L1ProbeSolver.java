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
 * L1-regularised logistic regression with liblinear's newGLMNET solver (L1R_LR), the solver of the Python
 * reference (scikit-learn {@code LogisticRegression(penalty='l1', solver='liblinear')}). It minimises
 * {@code C·Σ log(1 + exp(-y·(w·x + b))) + Σ|w| + |b|}; the bias is a constant feature and penalised like the
 * weights, as in the paper's formulation. Unlike subgradient Adam it yields exact zeros.
 */
public final class L1ProbeSolver implements ProbeSolver {

    static {
        Linear.disableDebugOutput();
    }

    private final double tolerance;
    private final int maxIterations;
    private final long seed;

    /**
     * @param tolerance     liblinear's stopping tolerance (scikit-learn's {@code tol})
     * @param maxIterations outer Newton iterations at most (scikit-learn's {@code max_iter})
     * @param seed          seeds the solver's coordinate shuffling, so results are reproducible
     */
    public L1ProbeSolver(double tolerance, int maxIterations, long seed) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    @Override
    public Session open(float[][] rows, int[] labels, Validation validation) {
        Design design = design(rows, labels);
        return c -> fit(design, c);
    }

    /** A training set in liblinear's form, built once and reused for every C. */
    public static final class Design {
        private final Problem problem;

        private Design(Problem problem) {
            this.problem = problem;
        }
    }

    /** Converts rows of features (dense, rows x hidden) and 0/1 labels into a liblinear problem. */
    public static Design design(float[][] rows, int[] labels) {
        int hidden = rows[0].length;
        Problem p = new Problem();
        p.l = rows.length;
        p.n = hidden + 1;
        p.bias = 1;
        p.y = new double[rows.length];
        p.x = new Feature[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            p.y[i] = labels[i] == 1 ? 1 : -1;
            Feature[] f = new Feature[hidden + 1];
            for (int j = 0; j < hidden; j++) {
                f[j] = new FeatureNode(j + 1, rows[i][j]);
            }
            f[hidden] = new FeatureNode(hidden + 1, 1);
            p.x[i] = f;
        }
        return new Design(p);
    }

    public LinearProbe fit(Design design, double c) {
        Problem p = design.problem;
        boolean hasPositive = false, hasNegative = false;
        for (double y : p.y) {
            if (y > 0) hasPositive = true; else hasNegative = true;
        }
        if (!hasPositive || !hasNegative) {
            throw new IllegalArgumentException("a probe needs both harmful and benign training rows");
        }
        Parameter parameter = new Parameter(SolverType.L1R_LR, c, tolerance);
        parameter.setMaxIters(maxIterations);
        parameter.setRandom(new Random(seed));
        Model model = Linear.train(p, parameter);
        double[] w = model.getFeatureWeights();
        // liblinear's weights score its first label; make them score the harmful class (+1).
        double sign = model.getLabels()[0] == 1 ? 1 : -1;
        int hidden = p.n - 1;
        float[] weights = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            weights[j] = (float) (sign * w[j]);
        }
        return new LinearProbe(weights, (float) (sign * w[hidden]), c);
    }
}
