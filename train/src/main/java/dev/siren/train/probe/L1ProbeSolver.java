package dev.siren.train.probe;

import de.bwaldvogel.liblinear.SolverType;

/**
 * L1-regularised logistic regression with liblinear's newGLMNET solver (L1R_LR), the solver of the Python
 * reference (scikit-learn {@code LogisticRegression(penalty='l1', solver='liblinear')}). It minimises
 * {@code C·Σ log(1 + exp(-y·(w·x + b))) + Σ|w| + |b|}; the bias is a constant feature and penalised like the
 * weights, as in the paper's formulation. Unlike subgradient Adam it yields exact zeros.
 */
public final class L1ProbeSolver implements ProbeSolver {

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
        private final LiblinearLogistic logistic;

        private Design(LiblinearLogistic logistic) {
            this.logistic = logistic;
        }
    }

    /** Converts rows of features (dense, rows x hidden) and 0/1 labels into a liblinear problem. */
    public static Design design(float[][] rows, int[] labels) {
        return new Design(LiblinearLogistic.of(rows, labels, false));
    }

    public LinearProbe fit(Design design, double c) {
        LiblinearLogistic.Fit fit = design.logistic.fit(SolverType.L1R_LR, c, tolerance, maxIterations, seed);
        return new LinearProbe(fit.weight(), fit.bias(), c);
    }
}
