package dev.siren.train;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadReader;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HeadExportTest {

    @TempDir
    Path dir;

    @Test
    void theWrittenHeadScoresExactlyAsTheTrainedModel() throws Exception {
        TrainedSiren model = new SirenTrainer(SirenTrainingOptions.defaults().toBuilder().threads(2)
                .liblinearProbes(new double[] {0.1}, 1e-3).fixedHead(SirenTrainingOptions.REFERENCE_HEAD)
                .epochs(5, 2, 0).build(), Progress.NONE).train(SyntheticFeatures.planted(300, 8), null);
        BackboneRef backbone = new BackboneRef("fake", null, "bert", SyntheticFeatures.LAYERS, SyntheticFeatures.HIDDEN);
        Provenance provenance = new Provenance("2026-11-27T18:00:00Z", "test", List.of(), Map.of("train", 240),
                Map.of("eta", 0.9), Map.of());
        HeadWriter.write(HeadExport.toHead(model, backbone, 512, 0.5, provenance), dir);
        SirenHead head = HeadReader.read(dir);

        assertArrayEquals(model.layers().get(1).neurons(), head.layers().get(1).neurons());
        LabeledFeatures test = SyntheticFeatures.planted(50, 9);
        double[] expected = model.scores(test.features());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], head.score(test.features()[i]), "row " + i + ": the same computation");
        }
    }
}
