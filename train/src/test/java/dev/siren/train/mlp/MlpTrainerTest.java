package dev.siren.train.mlp;

import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.head.MlpClassifier;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpTrainerTest {

    /** XOR of the signs of two inputs among noise: not linearly separable, easy for a ReLU MLP. */
    static float[][] xor(int n, long seed, int[] labels) {
        Random rng = new Random(seed);
        float[][] x = new float[n][10];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 10; j++) x[i][j] = (float) rng.nextGaussian();
            labels[i] = (x[i][0] > 0) ^ (x[i][1] > 0) ? 1 : 0;
        }
        return x;
    }

    private static final HyperParameters HP = new HyperParameters(new int[] {64, 32}, new double[] {0.2, 0.2}, 3e-3);

    @Test
    void learnsANonLinearProblemAndStopsEarly() {
        int[] y = new int[2000], vy = new int[500];
        float[][] x = xor(2000, 1, y), vx = xor(500, 2, vy);
        String[] sources = new String[500];
        java.util.Arrays.fill(sources, "s");
        try (Parallel parallel = new Parallel(2)) {
            MlpTrainer trainer = new MlpTrainer(new MlpTrainer.Options(64, 200, 5, 1e-4), parallel);
            MlpTrainer.Outcome outcome = trainer.train(HP, x, y, MlpTrainer.Validation.of(vx, vy, sources), 3,
                    MlpTrainer.EpochListener.NONE);
            assertTrue(outcome.bestScore() > 0.9, "validation macro-F1 " + outcome.bestScore());
            assertTrue(outcome.epochsRun() < 200, "early stopping ends the run");
            assertEquals(outcome.epochsRun() - 5, outcome.bestEpoch(), "stops patience epochs after the best");
            double[] p = outcome.mlp().scores(new MlpPass(outcome.mlp(), 256, parallel), vx);
            int correct = 0;
            for (int i = 0; i < p.length; i++) if ((p[i] > 0.5 ? 1 : 0) == vy[i]) correct++;
            assertTrue(correct > 0.9 * p.length);
            // the training pass scores as the guard's classifier does
            assertEquals(outcome.mlp().toClassifier().score(vx[0]), p[0], 1e-5);
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsWhateverTheThreadCount() {
        int[] y = new int[300];
        float[][] x = xor(300, 4, y);
        float[][] w = new float[3][];
        int k = 0;
        for (int[] setup : new int[][] {{1, 9}, {2, 9}, {2, 10}}) {
            try (Parallel parallel = new Parallel(setup[0])) {
                Mlp mlp = new MlpTrainer(new MlpTrainer.Options(32, 3, 0, 1e-4), parallel)
                        .train(HP, x, y, null, setup[1], MlpTrainer.EpochListener.NONE).mlp();
                w[k++] = mlp.layers().getFirst().weight();
            }
        }
        assertArrayEquals(w[0], w[1]);
        assertTrue(!java.util.Arrays.equals(w[1], w[2]), "another seed gives other weights");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int[] y = {1, 0, 1};
        float[][] x = {{0.5f, -1f, 2f}, {1f, 0.3f, -0.7f}, {-0.2f, 0.9f, 0.4f}};
        Mlp mlp = Mlp.initialise(3, new int[] {4}, 11);
        try (Parallel parallel = new Parallel(1)) {
            MlpPass pass = new MlpPass(mlp, 3, parallel);
            int[] rows = {0, 1, 2};
            double[] noDropout = {0};
            pass.load(x, rows, 0, 3);
            pass.forward(3, noDropout, null);
            pass.backward(3, y, rows, 0, noDropout);
            float[] w = mlp.layers().getFirst().weight();
            for (int k = 0; k < w.length; k++) {
                float saved = w[k];
                w[k] = saved + 1e-2f;
                double up = loss(mlp, x, y);
                w[k] = saved - 1e-2f;
                double down = loss(mlp, x, y);
                w[k] = saved;
                assertEquals((up - down) / 2e-2, pass.weightGradients[0][k], 2e-3, "weight " + k);
            }
        }
    }

    private static double loss(Mlp mlp, float[][] x, int[] y) {
        double sum = 0;
        MlpClassifier classifier = mlp.toClassifier();
        for (int i = 0; i < x.length; i++) {
            double p = classifier.score(x[i]);
            sum -= Math.log(y[i] == 1 ? p : 1 - p);
        }
        return sum / x.length;
    }

    @Test
    void searchSpaceStaysInTheReferenceRanges() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int t = 0; t < 500; t++) {
            HyperParameters hp = SearchSpace.sample(rng, 1000);
            assertTrue(hp.hidden().length == 2 || hp.hidden().length == 3);
            assertTrue(hp.learningRate() >= 1e-4 && hp.learningRate() <= 5e-3);
            assertTrue(hp.hidden()[0] >= 256 && hp.hidden()[0] <= 2000 && (hp.hidden()[0] - 256) % 64 == 0);
            for (int i = 1; i < hp.hidden().length; i++) {
                assertTrue(hp.hidden()[i] >= 64 && hp.hidden()[i] <= Math.min(hp.hidden()[i - 1], 1024)
                        && hp.hidden()[i] % 64 == 0);
            }
            for (double d : hp.dropout()) assertTrue(d >= 0.2 && d <= 0.5);
        }
        assertEquals(40, SearchSpace.sample(rng, 40).hidden()[0], "tiny inputs: the first width is D");
    }

    @Test
    void foldsPartitionTheRowsStratifiedAndReproducibly() {
        String[] s = new String[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            s[i] = i < 30 ? "small" : "big";
            y[i] = i % 5 == 0 ? 1 : 0;
        }
        int[][] folds = StratifiedFolds.split(s, y, 5, 42);
        boolean[] seen = new boolean[100];
        for (int[] fold : folds) {
            assertEquals(20, fold.length);
            int smallHarmful = 0;
            for (int i : fold) {
                assertTrue(!seen[i]);
                seen[i] = true;
                if (s[i].equals("small") && y[i] == 1) smallHarmful++;
            }
            assertTrue(smallHarmful >= 1, "every fold gets the small source's harmful rows");
        }
        assertArrayEquals(folds, StratifiedFolds.split(s, y, 5, 42));
        assertEquals(80, StratifiedFolds.complement(folds, 0, 100).length);
    }
}
