package dev.siren.train.mlp;

import java.util.SplittableRandom;

/**
 * The reference hyper-parameter space of the SIREN head: 2 or 3 hidden layers; learning rate log-uniform in
 * [1e-4, 5e-3]; first width in [min(D, 256), min(2D, 2048)] and each later width in [64, min(previous, 1024)], both
 * in steps of 64; dropout uniform in [0.2, 0.5] per hidden layer.
 */
public final class SearchSpace {

    private static final int STEP = 64;

    private SearchSpace() {
    }

    public static HyperParameters sample(SplittableRandom rng, int inputWidth) {
        int layers = 2 + rng.nextInt(2);
        double lr = Math.exp(Math.log(1e-4) + rng.nextDouble() * (Math.log(5e-3) - Math.log(1e-4)));
        int[] hidden = new int[layers];
        double[] dropout = new double[layers];
        hidden[0] = steppedInt(rng, Math.min(inputWidth, 256), Math.min(2 * inputWidth, 2048));
        for (int i = 1; i < layers; i++) {
            int high = Math.min(hidden[i - 1], 1024);
            hidden[i] = steppedInt(rng, Math.min(STEP, high), high);
        }
        for (int i = 0; i < layers; i++) {
            dropout[i] = 0.2 + 0.3 * rng.nextDouble();
        }
        return new HyperParameters(hidden, dropout, lr);
    }

    /** A value low + 64k <= high, uniformly (Optuna's {@code suggest_int(low, high, step=64)}). */
    private static int steppedInt(SplittableRandom rng, int low, int high) {
        int steps = Math.max(0, (high - low) / STEP);
        return low + STEP * rng.nextInt(steps + 1);
    }
}
