package dev.siren.train.agent;

import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentSirenTrainerTest {

    /** Raw states far from standard (offset 100, spread 0.01) that one unit separates: the folded readout must too. */
    @Test
    void theStandardizerIsFoldedIntoTheWeights() {
        Random random = new Random(1);
        int n = 200;
        float[][] rows = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                rows[i][j] = 100 + 0.01f * (float) random.nextGaussian();
            }
            rows[i][2] += labels[i] == 1 ? 0.03f : -0.03f;
        }
        for (Penalty penalty : Penalty.values()) {
            LogisticReadout readout = LogisticReadout.fit(rows, labels, penalty, 1.0, 7);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += (readout.score(rows[i]) >= 0.5) == (labels[i] == 1) ? 1 : 0;
            }
            assertTrue(right >= 0.95 * n, penalty + ": " + right + " of " + n + " right");
        }
    }

    /** Three candidate depths, of which only the second carries the label: it is chosen; each source is held out. */
    @Test
    void theInformativeDepthIsChosenByGroupedCrossValidation() {
        Random random = new Random(2);
        int n = 120;
        int[] labels = new int[n];
        String[] sources = new String[n];
        float[][][] features = new float[3][n][8];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            sources[i] = "source" + (i % 3);
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 8; j++) {
                    features[k][i][j] = (float) random.nextGaussian();
                }
            }
            features[1][i][5] += labels[i] == 1 ? 2f : -2f;
        }
        var options = new AgentSirenTrainer.Options(new double[]{0.01, 1}, Penalty.L2, 3, 5, 0.5);
        AgentSirenTrainer.Result result = new AgentSirenTrainer(options, Progress.NONE)
                .train(new int[]{4, 8, 12}, features, labels, sources);
        assertEquals(8, result.hiddenState());
        assertTrue(result.grouped());
        assertEquals(6, result.candidates().size());
        assertEquals(3, result.leaveOneSourceOut().size());
        for (var held : result.leaveOneSourceOut()) {
            assertEquals(8, held.hiddenState());
            assertTrue(held.evaluation().macroF1() > 0.85, held.toString());
        }
    }

    @Test
    void tooFewExamplesOfAClassAreRefused() {
        float[][][] features = {{{0}, {1}, {2}}};
        var options = new AgentSirenTrainer.Options(new double[]{1}, Penalty.L1, 2, 5, 0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> new AgentSirenTrainer(options, Progress.NONE)
                .train(new int[]{1}, features, new int[]{1, 0, 0}, new String[]{"a", "a", "a"}));
        assertTrue(e.getMessage().contains("at least 2 harmful and 2 benign"), e.getMessage());
    }
}
