package dev.siren.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceWeightsTest {

    private final LabeledFeatures rows = SyntheticFeatures.planted(90, 7); // sources "alpha" (30) and "beta" (60)

    @Test
    void repeatsOnlyTheTrainingRowsOfAWeightedSourceAndKeepsThePlainSplit() {
        int[][] plain = rows.stratifiedSplit(0.2, 42);
        LabeledFeatures[] weighted = SourceWeights.parse(List.of("alpha=3")).splitAndWeigh(rows, 0.2, 42);

        LabeledFeatures plainTrain = rows.subset(plain[0]);
        long alpha = count(plainTrain, "alpha"), beta = count(plainTrain, "beta");
        assertEquals(3 * alpha, count(weighted[0], "alpha"));
        assertEquals(beta, count(weighted[0], "beta"));
        assertEquals(plainTrain.size() + 2 * alpha, weighted[0].size());

        LabeledFeatures plainValidation = rows.subset(plain[1]);
        assertEquals(plainValidation.size(), weighted[1].size(), "validation rows are never repeated");
        for (int i = 0; i < plainValidation.size(); i++) {
            assertSame(plainValidation.features()[i], weighted[1].features()[i]);
        }
    }

    @Test
    void weightOneReproducesTheTrainerSplitRowForRow() {
        int[][] plain = rows.stratifiedSplit(0.2, 42);
        LabeledFeatures[] weighted = SourceWeights.parse(List.of("alpha=1", "beta=1")).splitAndWeigh(rows, 0.2, 42);
        assertArrayEquals(rows.subset(plain[0]).labels(), weighted[0].labels());
        assertArrayEquals(rows.subset(plain[0]).sources(), weighted[0].sources());
        assertArrayEquals(rows.subset(plain[1]).labels(), weighted[1].labels());
    }

    @Test
    void refusesMalformedEntriesAndUnknownSourcesByName() {
        for (String bad : List.of("alpha", "alpha=0", "alpha=x", "=2", "alpha=101")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SourceWeights.parse(List.of(bad)));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SourceWeights.parse(List.of("alpha=2", "alpha=3")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SourceWeights.parse(List.of("gamma=2")).requireSources(Arrays.asList(rows.sources())));
        assertTrue(unknown.getMessage().contains("'gamma'") && unknown.getMessage().contains("alpha, beta"),
                unknown.getMessage());
    }

    private static long count(LabeledFeatures set, String source) {
        return Arrays.stream(set.sources()).filter(source::equals).count();
    }
}
