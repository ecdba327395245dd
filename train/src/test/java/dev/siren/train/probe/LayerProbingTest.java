package dev.siren.train.probe;

import dev.siren.guard.progress.Progress;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SyntheticFeatures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerProbingTest {

    private static List<LayerProbeResult> probe(int threads) {
        LabeledFeatures train = SyntheticFeatures.planted(600, 1);
        LabeledFeatures val = SyntheticFeatures.planted(300, 2);
        return new LayerProbing(new L1ProbeSolver(1e-4, 100, 7), new double[] {0.01, 0.1, 1}, threads)
                .run(train.features(), train.labels(), val.features(), val.labels(), val.sources(), Progress.NONE);
    }

    @Test
    void probesFindThePlantedNeuronsAndRankLayers() {
        List<LayerProbeResult> results = probe(2);
        LayerProbeResult strong = results.get(1);
        float[] w = strong.probe().weights();
        assertTrue(w[3] > 0 && w[7] > 0, "planted units get positive weights");
        // the two planted units dominate |w| in layer 1
        for (int j = 0; j < w.length; j++) {
            if (j != 3 && j != 7) assertTrue(Math.abs(w[j]) < Math.abs(w[7]), "unit " + j + " weight " + w[j]);
        }
        assertTrue(Math.abs(w[3]) > Math.abs(w[7]));
        assertTrue(results.get(1).validationF1() > 0.85, "layer 1 F1 " + results.get(1).validationF1());
        assertTrue(results.get(0).validationF1() < 0.65, "noise layer F1 " + results.get(0).validationF1());
        assertTrue(results.get(2).validationF1() > results.get(0).validationF1());
        assertTrue(results.get(1).validationF1() > results.get(2).validationF1());
        assertEquals(3, strong.f1ByC().size());
    }

    @Test
    void l1MakesExactZerosAndStrongerPenaltiesAreSparser() {
        LabeledFeatures train = SyntheticFeatures.planted(600, 1);
        float[][] rows = new float[train.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = train.features()[i][1];
        L1ProbeSolver solver = new L1ProbeSolver(1e-4, 100, 7);
        L1ProbeSolver.Design design = L1ProbeSolver.design(rows, train.labels());
        LinearProbe sparse = solver.fit(design, 0.005);
        LinearProbe dense = solver.fit(design, 10);
        assertTrue(sparse.nonZeroWeights() < dense.nonZeroWeights());
        assertTrue(sparse.nonZeroWeights() >= 1 && sparse.nonZeroWeights() <= 4, "nonzero " + sparse.nonZeroWeights());
        assertTrue(sparse.weights()[3] != 0);
    }

    @Test
    void thePapersAdamProbesFindThePlantedNeuronsToo() {
        LabeledFeatures train = SyntheticFeatures.planted(600, 1);
        LabeledFeatures val = SyntheticFeatures.planted(300, 2);
        List<LayerProbeResult> results = new LayerProbing(new AdamL1ProbeSolver(7), new double[] {200, 1000}, 2)
                .run(train.features(), train.labels(), val.features(), val.labels(), val.sources(), Progress.NONE);
        float[] w = results.get(1).probe().weights();
        // early-stopped Adam does not converge far enough to order the two planted units, but both dominate
        for (int j = 0; j < w.length; j++) {
            if (j != 3 && j != 7) assertTrue(5 * Math.abs(w[j]) < Math.min(w[3], w[7]), "unit " + j + " weight " + w[j]);
        }
        assertTrue(results.get(1).validationF1() > 0.85, "layer 1 F1 " + results.get(1).validationF1());
        assertTrue(results.get(0).validationF1() < results.get(2).validationF1());
    }

    @Test
    void resultsDoNotDependOnThreads() {
        List<LayerProbeResult> one = probe(1), two = probe(2);
        for (int l = 0; l < one.size(); l++) {
            assertArrayEquals(one.get(l).probe().weights(), two.get(l).probe().weights());
            assertEquals(one.get(l).validationF1(), two.get(l).validationF1());
        }
    }
}
