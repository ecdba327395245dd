package dev.siren.guard.head;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenHeadTest {

    /** 2 layers of hidden size 3; layer 0 reads neurons [2, 0] with alpha 0.5, layer 1 reads [1] with alpha 1. */
    private static SirenHead handMade(FeatureDtype dtype) {
        List<LayerSelection> layers = List.of(new LayerSelection(0, 0.5f, new int[]{2, 0}),
                new LayerSelection(1, 1f, new int[]{1}));
        DenseLayer hidden = new DenseLayer(3, 2, new float[]{1, 0, -1, 0.5f, 2, 0}, new float[]{0, -0.25f});
        DenseLayer output = new DenseLayer(2, 2, new float[]{1, 0, 0, 1}, new float[]{0, 0.5f});
        return new SirenHead(TestHeads.backbone(2, 3), SirenHead.RESIDUAL_MEAN, 512, dtype, layers,
                new MlpClassifier(List.of(hidden, output)), 0.5,
                Provenance.unknown("2026-01-01T00:00:00Z", "test", Map.of()));
    }

    @Test
    void featuresFollowLayerOrderThenStoredNeuronOrderTimesAlpha() {
        float[][] means = {{10, 20, 30}, {40, 50, 60}};
        assertArrayEquals(new float[]{15, 5, 50}, handMade(FeatureDtype.FLOAT32).features(means));
    }

    @Test
    void scoreIsSoftmaxOfTheMlpOutputForClassOne() {
        float[][] means = {{10, 20, 30}, {40, 50, 60}};
        // x = [15, 5, 50]; hidden = relu([15 - 50, 7.5 + 10 - 0.25]) = [0, 17.25]; logits = [0, 17.75]
        double expected = Math.exp(17.75) / (Math.exp(0) + Math.exp(17.75));
        assertEquals(expected, handMade(FeatureDtype.FLOAT32).score(means), 1e-12);
    }

    /** Values chosen around bf16 rounding boundaries (spacing 2^-7 near 1): ties go to even, as torch rounds. */
    @Test
    void bf16FeaturesRoundTheMeansBeforeWeighting() {
        float[][] means = {{1.00390625f + 1e-4f, 0, 3.015625f}, {0, 1.0f / 3, 0}};
        float[] features = handMade(FeatureDtype.BFLOAT16).features(means);
        assertEquals(0.5f * 3.015625f, features[0]);
        assertEquals(0.5f * 1.0078125f, features[1]);
        assertEquals(0.333984375f, features[2]);
    }

    @Test
    void constructorRejectsInconsistentHeads() {
        SirenHead head = handMade(FeatureDtype.FLOAT32);
        var wrongIndex = assertThrows(IllegalArgumentException.class, () -> new SirenHead(head.backbone(),
                head.pooling(), 512, FeatureDtype.FLOAT32,
                List.of(new LayerSelection(0, 1f, new int[]{3, 0}), head.layers().get(1)), head.classifier(), 0.5,
                head.provenance()));
        assertTrue(wrongIndex.getMessage().contains("neuron 3"), wrongIndex.getMessage());
        var wrongCount = assertThrows(IllegalArgumentException.class, () -> new SirenHead(head.backbone(),
                head.pooling(), 512, FeatureDtype.FLOAT32, List.of(head.layers().get(0)), head.classifier(), 0.5,
                head.provenance()));
        assertTrue(wrongCount.getMessage().contains("1 layer selections"), wrongCount.getMessage());
    }
}
