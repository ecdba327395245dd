package dev.siren.train;

import dev.siren.guard.progress.Progress;
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
    void repeatsEveryRowOfAWeightedSourceInPlace() {
        LabeledFeatures weighted = SourceWeights.parse(List.of("alpha=3")).weigh(rows);
        assertEquals(3 * count(rows, "alpha"), count(weighted, "alpha"));
        assertEquals(count(rows, "beta"), count(weighted, "beta"));
        assertSame(rows.features()[0], weighted.features()[0]);
    }

    @Test
    void theTrainerRepeatsOnlyTrainingRowsAfterThePlainSplit() {
        SirenTrainingOptions options = SirenTrainingOptions.defaults().toBuilder().threads(1)
                .liblinearProbes(new double[] {0.3}, 1e-3).fixedHead(SirenTrainingOptions.REFERENCE_HEAD)
                .epochs(3, 1, 3).build();
        TrainedSiren plain = new SirenTrainer(options, Progress.NONE).train(rows, null);
        TrainedSiren weighted = new SirenTrainer(options.toBuilder()
                .sourceWeights(SourceWeights.parse(List.of("alpha=3"))).build(), Progress.NONE).train(rows, null);
        TrainedSiren ones = new SirenTrainer(options.toBuilder()
                .sourceWeights(SourceWeights.parse(List.of("alpha=1", "beta=1"))).build(), Progress.NONE).train(rows, null);

        long alphaTrain = count(rows.subset(rows.stratifiedSplit(0.2, 42)[0]), "alpha");
        assertEquals(plain.trainRows() + 2 * alphaTrain, weighted.trainRows());
        assertEquals(plain.validationRows(), weighted.validationRows(), "validation rows are never repeated");
        assertArrayEquals(plain.scores(rows.features()), ones.scores(rows.features()), "weight 1 is the plain run");
    }

    @Test
    void refusesMalformedEntriesAndUnknownSourcesByName() {
        for (String bad : List.of("alpha", "alpha=0", "alpha=x", "=2", "alpha=101")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SourceWeights.parse(List.of(bad)));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SourceWeights.parse(List.of("alpha=2", "alpha=3")));
        assertThrows(IllegalArgumentException.class, () -> SourceWeights.parse(List.of("alpha=2,alpha=3")));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> SourceWeights.parse(List.of("alpha=2,")));
        assertTrue(empty.getMessage().contains("''"), empty.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SourceWeights.parse(List.of("gamma=2")).requireSources(Arrays.asList(rows.sources())));
        assertTrue(unknown.getMessage().contains("'gamma'") && unknown.getMessage().contains("alpha, beta"),
                unknown.getMessage());
    }

    @Test
    void commaSeparatedEntriesAreTheRepeatedOption() {
        LabeledFeatures both = SourceWeights.parse(List.of("alpha=3,beta=2")).weigh(rows);
        LabeledFeatures repeated = SourceWeights.parse(List.of("alpha=3", "beta=2")).weigh(rows);
        assertEquals(3 * count(rows, "alpha"), count(both, "alpha"));
        assertEquals(2 * count(rows, "beta"), count(both, "beta"));
        assertArrayEquals(repeated.sources(), both.sources());
    }

    private static long count(LabeledFeatures set, String source) {
        return Arrays.stream(set.sources()).filter(source::equals).count();
    }
}
