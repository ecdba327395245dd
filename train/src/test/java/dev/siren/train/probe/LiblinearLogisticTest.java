package dev.siren.train.probe;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LiblinearLogisticTest {

    private static final int ROWS = 80;
    private static final int HIDDEN = 12;

    /** Noisy rows whose first units carry the label; unit 5 is constant; the first row's label varies by seed. */
    private static float[][] rows(int[] labels, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[ROWS][HIDDEN];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextBoolean() ? 1 : 0;
            for (int j = 0; j < HIDDEN; j++) {
                rows[i][j] = (float) (random.nextGaussian() * (j + 1) + (j < 3 ? labels[i] * 2 : 0) + 0.5 * j);
            }
            rows[i][5] = 3;
        }
        return rows;
    }

    @Test
    void aRawFitGivesTheWeightsOfTheLiblinearProbeFitItReplaced() {
        for (long seed = 1; seed <= 4; seed++) {
            int[] labels = new int[ROWS];
            float[][] rows = rows(labels, seed);
            for (double c : new double[] {0.05, 1}) {
                LinearProbe probe = new L1ProbeSolver(1e-4, 100, 7).fit(L1ProbeSolver.design(rows, labels), c);
                double[] reference = referenceFit(rows, labels, SolverType.L1R_LR, c, 1, false);
                assertArrayEquals(floats(reference, HIDDEN), probe.weights(), "seed " + seed + ", C " + c);
                assertEquals((float) reference[HIDDEN], probe.bias());
            }
        }
    }

    @Test
    void aStandardisedFitGivesTheWeightsOfTheReadoutFitItReplaced() {
        for (long seed = 1; seed <= 4; seed++) {
            int[] labels = new int[ROWS];
            float[][] rows = rows(labels, seed);
            for (SolverType solver : new SolverType[] {SolverType.L1R_LR, SolverType.L2R_LR}) {
                LiblinearLogistic.Fit fit = LiblinearLogistic.of(rows, labels, true).fit(solver, 0.5, 1e-4, 1000, 7);
                double[] reference = referenceFit(rows, labels, solver, 0.5, -1, true);
                assertArrayEquals(floats(reference, HIDDEN), fit.weight(), "seed " + seed + ", " + solver);
                assertEquals((float) reference[HIDDEN], fit.bias());
            }
        }
    }

    @Test
    void oneClassIsRefused() {
        float[][] rows = {{1, 2}, {3, 4}};
        assertThrows(IllegalArgumentException.class, () -> LiblinearLogistic.of(rows, new int[] {1, 1}, false));
    }

    private static float[] floats(double[] values, int n) {
        float[] f = new float[n];
        for (int j = 0; j < n; j++) {
            f[j] = (float) values[j];
        }
        return f;
    }

    /**
     * The fits the probe solver and the agent readout each carried before they shared {@link LiblinearLogistic},
     * kept as the reference: raw weights then the bias, in double, before the final rounding to float.
     */
    private static double[] referenceFit(float[][] rows, int[] labels, SolverType solver, double c, double biasMarker,
                                         boolean standardize) {
        int hidden = rows[0].length;
        double[] mean = new double[hidden];
        double[] sd = new double[hidden];
        java.util.Arrays.fill(sd, 1);
        if (standardize) {
            java.util.Arrays.fill(sd, 0);
            for (float[] row : rows) for (int j = 0; j < hidden; j++) mean[j] += row[j];
            for (int j = 0; j < hidden; j++) mean[j] /= rows.length;
            for (float[] row : rows) for (int j = 0; j < hidden; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            for (int j = 0; j < hidden; j++) {
                sd[j] = Math.sqrt(sd[j] / rows.length);
                sd[j] = sd[j] > 1e-12 ? sd[j] : 1;
            }
        }
        Problem p = new Problem();
        p.l = rows.length;
        p.n = hidden + 1;
        p.bias = biasMarker;
        p.y = new double[rows.length];
        p.x = new Feature[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            p.y[i] = labels[i] == 1 ? 1 : -1;
            Feature[] f = new Feature[hidden + 1];
            for (int j = 0; j < hidden; j++) {
                f[j] = new FeatureNode(j + 1, standardize ? (rows[i][j] - mean[j]) / sd[j] : rows[i][j]);
            }
            f[hidden] = new FeatureNode(hidden + 1, 1);
            p.x[i] = f;
        }
        Parameter parameter = new Parameter(solver, c, 1e-4);
        parameter.setMaxIters(standardize ? 1000 : 100);
        parameter.setRandom(new Random(7));
        Model model = Linear.train(p, parameter);
        double[] w = model.getFeatureWeights();
        double sign = model.getLabels()[0] == 1 ? 1 : -1;
        double[] out = new double[hidden + 1];
        double bias = sign * w[hidden];
        for (int j = 0; j < hidden; j++) {
            double wj = standardize ? sign * w[j] / sd[j] : sign * w[j];
            out[j] = wj;
            if (standardize) bias -= wj * mean[j];
        }
        out[hidden] = bias;
        return out;
    }
}
