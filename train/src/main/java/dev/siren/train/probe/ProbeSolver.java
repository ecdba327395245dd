package dev.siren.train.probe;

import dev.siren.train.metrics.SourceGroups;

/** A way to train one layer's L1 logistic probe for a given C. */
public interface ProbeSolver {

    /** Prepares one layer's data; the session then trains a probe per C. */
    Session open(float[][] rows, int[] labels, Validation validation);

    /** The validation rows of the layer, for solvers that stop early on them. */
    record Validation(float[][] rows, int[] labels, SourceGroups groups) {

        /** Source-averaged macro-F1 of a probe (harmful iff w·x + b > 0). */
        public double score(LinearProbe probe) {
            boolean[] flagged = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                flagged[i] = probe.decision(rows[i]) > 0;
            }
            return groups.meanMacroF1(labels, flagged);
        }
    }

    interface Session {

        /** A probe for this C (a quick fit where the solver distinguishes quick and full fits). */
        LinearProbe fit(double c);

        /** The probe to keep once {@code best} won the C search; solvers with a longer final fit retrain here. */
        default LinearProbe refine(LinearProbe best) {
            return best;
        }
    }
}
