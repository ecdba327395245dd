package dev.siren.train.selection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SelectionTest {

    @Test
    void keepsTheShortestPrefixCoveringEtaInDescendingOrder() {
        float[] w = {0.1f, -4f, 0f, 3f, -2f, 1f}; // |w| total 10.1; sorted 4 (1), 3 (3), 2 (4), 1 (5), 0.1 (0)
        assertArrayEquals(new int[] {1}, SafetyNeurons.select(w, 0.3));        // 4 >= 3.03
        assertArrayEquals(new int[] {1, 3}, SafetyNeurons.select(w, 0.6));     // 7 >= 6.06
        assertArrayEquals(new int[] {1, 3, 4, 5}, SafetyNeurons.select(w, 0.9)); // 9 < 9.09, 10 >= 9.09
        assertArrayEquals(new int[] {1, 3, 4, 5, 0}, SafetyNeurons.select(w, 1.0));
        assertArrayEquals(new int[0], SafetyNeurons.select(new float[] {0, 0}, 0.9));
        assertThrows(IllegalArgumentException.class, () -> SafetyNeurons.select(w, 0));
    }

    @Test
    void tiesAreBrokenByIndex() {
        assertArrayEquals(new int[] {0, 2}, SafetyNeurons.select(new float[] {1, 0, -1, 1}, 0.5));
    }

    @Test
    void layerWeightsAreMinMaxNormalisedAndFloored() {
        assertArrayEquals(new double[] {0.1, 0.5, 1.0, 0.1}, LayerF1Weights.fromValidationF1(new double[] {0.6, 0.7, 0.8, 0.61}), 1e-12);
        // all equal: denominator 1, every layer at the floor
        assertArrayEquals(new double[] {0.1, 0.1}, LayerF1Weights.fromValidationF1(new double[] {0.7, 0.7}), 1e-12);
    }

}
