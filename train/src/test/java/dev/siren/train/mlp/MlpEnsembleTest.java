package dev.siren.train.mlp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MlpEnsembleTest {

    /** Members with random (non-zero) biases, so a misplaced bias or block shows in the logits. */
    private static Mlp member(int inputs, int[] hidden, long seed) {
        Mlp m = Mlp.initialise(inputs, hidden, seed);
        Random rng = new Random(seed + 100);
        for (LayerParameters layer : m.layers()) {
            for (int o = 0; o < layer.outputs(); o++) layer.bias()[o] = (float) rng.nextGaussian();
        }
        return m;
    }

    @Test
    void foldedLogitsAreTheMeanOfTheMembersLogits() {
        for (int[] hidden : new int[][] {{7, 5}, {6, 4, 3}, {9}}) {
            List<Mlp> members = List.of(member(11, hidden, 1), member(11, hidden, 2), member(11, hidden, 3));
            Mlp folded = MlpEnsemble.fold(members);
            assertEquals(3 * hidden[0], folded.layers().getFirst().outputs());
            assertEquals(11, folded.inputs());
            Random rng = new Random(5);
            for (int t = 0; t < 20; t++) {
                float[] x = new float[11];
                for (int j = 0; j < x.length; j++) x[j] = (float) rng.nextGaussian();
                float[] mean = new float[2];
                for (Mlp m : members) {
                    float[] l = m.toClassifier().logits(x);
                    mean[0] += l[0] / 3;
                    mean[1] += l[1] / 3;
                }
                float[] got = folded.toClassifier().logits(x);
                assertEquals(mean[0], got[0], 1e-5f * (1 + Math.abs(mean[0])));
                assertEquals(mean[1], got[1], 1e-5f * (1 + Math.abs(mean[1])));
            }
        }
    }

    @Test
    void oneMemberIsItselfAndShapesMustAgree() {
        Mlp m = member(4, new int[] {3}, 1);
        assertSame(m, MlpEnsemble.fold(List.of(m)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlpEnsemble.fold(List.of(m, member(4, new int[] {5}, 2))));
        assertEquals("ensemble members differ in shape: 4-3-2 vs 4-5-2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MlpEnsemble.fold(List.of()));
    }
}
