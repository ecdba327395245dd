package dev.siren.train;

import dev.siren.guard.progress.Progress;
import dev.siren.train.mlp.HyperParameterSearch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenTrainerTest {

    private static SirenTrainingOptions quick() {
        return SirenTrainingOptions.defaults().toBuilder().threads(2).liblinearProbes(new double[] {0.03, 0.3}, 1e-3)
                .search(5, 3).epochs(15, 3, 0).build();
    }

    @Test
    void trainsAHeadThatReadsThePlantedNeurons() {
        LabeledFeatures train = SyntheticFeatures.planted(900, 11);
        TrainedSiren model = new SirenTrainer(quick(), Progress.NONE).train(train, null);

        assertEquals(3, model.probes().size());
        assertEquals(1.0f, model.layers().get(1).alpha(), "the best layer gets weight 1");
        assertEquals(0.1f, model.layers().get(0).alpha(), 1e-6, "the noise layer is floored");
        int[] layer1 = model.layers().get(1).neurons();
        assertEquals(3, layer1[0], "strongest planted unit first");
        assertEquals(7, layer1[1]);
        assertEquals(720, model.trainRows());
        assertEquals(180, model.validationRows());

        HyperParameterSearch.Result search = model.search();
        assertEquals(5, search.trials().size());
        assertTrue(model.selectionScore() > 0.85, "CV F1 " + model.selectionScore());

        LabeledFeatures test = SyntheticFeatures.planted(400, 12);
        double[] p = model.scores(test.features());
        int correct = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) == test.labels()[i]) correct++;
        assertTrue(correct > 0.85 * p.length, "test accuracy " + correct / (double) p.length);
    }

    @Test
    void aRunIsReproducibleForItsSeed() {
        LabeledFeatures train = SyntheticFeatures.planted(400, 21);
        SirenTrainingOptions options = quick().toBuilder().search(3, 2).build();
        TrainedSiren a = new SirenTrainer(options, Progress.NONE).train(train, null);
        TrainedSiren b = new SirenTrainer(options.toBuilder().threads(1).build(), Progress.NONE).train(train, null);
        assertEquals(a.selectionScore(), b.selectionScore());
        assertArrayEquals(a.search().trials().get(2).foldScores(), b.search().trials().get(2).foldScores());
        assertArrayEquals(a.classifier().layers().getLast().weight(), b.classifier().layers().getLast().weight());
    }

    @Test
    void anEnsembleFoldsSeveralSeedsIntoOneWiderHeadWhoseFirstMemberIsTheSingleRun() {
        LabeledFeatures train = SyntheticFeatures.planted(400, 41);
        SirenTrainingOptions single = quick().toBuilder().fixedHead(SirenTrainingOptions.REFERENCE_HEAD).build();
        TrainedSiren one = new SirenTrainer(single, Progress.NONE).train(train, null);
        TrainedSiren three = new SirenTrainer(single.toBuilder().ensemble(3).build(), Progress.NONE).train(train, null);
        assertEquals(3 * 512, three.classifier().layers().getFirst().outputs());
        assertEquals(3 * 128, three.classifier().layers().get(1).outputs());
        assertEquals(one.finalEpochs(), three.finalEpochs(), "members train for the epochs chosen once");
        // member 0 uses the run's seed: its block of the first layer is the single run's first layer
        float[] w1 = one.classifier().layers().getFirst().weight();
        float[] w3 = three.classifier().layers().getFirst().weight();
        assertArrayEquals(w1, java.util.Arrays.copyOf(w3, w1.length));
        LabeledFeatures test = SyntheticFeatures.planted(300, 42);
        double[] p = three.scores(test.features());
        int correct = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) == test.labels()[i]) correct++;
        assertTrue(correct > 0.85 * p.length, "test accuracy " + correct / (double) p.length);
    }

    @Test
    void lastLayerBaselineReadsEveryUnitOfTheLastLayer() {
        LabeledFeatures train = SyntheticFeatures.planted(300, 31);
        TrainedSiren model = new SirenTrainer(quick().toBuilder().lastLayerOnly(true)
                .fixedHead(SirenTrainingOptions.REFERENCE_HEAD).build(), Progress.NONE).train(train, null);
        assertEquals(SyntheticFeatures.HIDDEN, model.width());
        assertEquals(0, model.layers().get(0).size());
        assertTrue(model.probes().isEmpty());
        assertTrue(model.search() == null && model.finalEpochs() >= 1);
    }
}
