package dev.siren.train.agent;

import de.bwaldvogel.liblinear.SolverType;

/** The regulariser of the logistic readout: L2 (dense weights) or L1 (sparse), as liblinear solves them. */
public enum Penalty {
    L2(SolverType.L2R_LR), L1(SolverType.L1R_LR);

    final SolverType solver;

    Penalty(SolverType solver) {
        this.solver = solver;
    }
}
