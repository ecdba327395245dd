package dev.siren.train.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.Backbone;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.ModelInfo;
import dev.siren.guard.TextContract;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadReader;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.progress.Progress;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.LabeledText;
import dev.siren.train.features.FeatureExtractor;
import dev.siren.train.report.TrainingReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingPipelineTest {

    @TempDir
    Path dir;

    /** Noise per text (seeded by its ids), with unit 3 of layer 1 shifted up for texts starting with 'h'. */
    static final class PlantedBackbone implements Backbone {
        @Override
        public ModelInfo info() {
            return new ModelInfo("fake", 3, 8, 512, "test");
        }

        @Override
        public float[][][] layerMeans(List<int[]> sequences) {
            float[][][] out = new float[sequences.size()][3][8];
            for (int s = 0; s < sequences.size(); s++) {
                int[] ids = sequences.get(s);
                Random rng = new Random(Arrays.hashCode(ids));
                for (float[] layer : out[s]) {
                    for (int j = 0; j < layer.length; j++) layer[j] = (float) rng.nextGaussian();
                }
                out[s][1][3] += ids[0] == 'h' ? 2 : -2;
            }
            return out;
        }

        @Override
        public boolean isCausal() {
            return false;
        }

        @Override
        public IncrementalSequence newSequence(int maxTokens, int maxRollback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static final TokenEncoder CODEPOINTS = (text, special) -> text.codePoints().toArray();
    private static final SirenTrainingOptions QUICK = SirenTrainingOptions.defaults().toBuilder().threads(2)
            .liblinearProbes(new double[] {0.3}, 1e-3).fixedHead(SirenTrainingOptions.REFERENCE_HEAD)
            .epochs(4, 2, 0).build();

    private static List<LabeledText> rows(int n, String suffix) {
        List<LabeledText> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LabeledText((i % 2 == 0 ? "harmful " : "benign ") + i + suffix, null, i % 2 == 0 ? 1 : 0,
                    i % 3 == 0 ? "a" : "b", "row " + i));
        }
        return rows;
    }

    @Test
    void rowsInHeadAndReportOutAndTheSameSeedGivesTheSameHead() throws Exception {
        Dataset train = Dataset.of("my-rows", rows(80, ""));
        Dataset dev = Dataset.of("held-out", rows(20, " dev"));
        TextBackbone backbone = new TextBackbone("fake", "fake@1", new PlantedBackbone(), CODEPOINTS);
        List<String> messages = new CopyOnWriteArrayList<>();
        Progress progress = new Progress() {
            @Override
            public Task start(String label, long total, String unit) {
                messages.add("start " + label);
                return Progress.NONE.start(label, total, unit);
            }

            @Override
            public void info(String message) {
                messages.add(message);
            }
        };
        PipelineSettings settings = new PipelineSettings(64, 0.5, 16, dir.resolve("cache"));
        TrainingPipeline.Result first = new TrainingPipeline(QUICK, settings, progress)
                .train(backbone, List.of(train), List.of(), List.of(dev), dir.resolve("a"));
        TrainingPipeline.Result second = new TrainingPipeline(QUICK, settings, Progress.NONE)
                .train(backbone, List.of(train), List.of(), List.of(dev), dir.resolve("b"));

        assertEquals(-1, Files.mismatch(dir.resolve("a/siren.safetensors"), dir.resolve("b/siren.safetensors")),
                "same rows, same seed: the same head (the second run read its features from the cache)");
        assertTrue(messages.contains("start features") && messages.contains("start final fit"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("feature cache:")), messages.toString());

        SirenHead head = HeadReader.read(dir.resolve("a"));
        assertEquals(64, head.maxLength());
        assertEquals(List.of("train", "dev"), head.provenance().dataFiles().stream().map(f -> f.role()).toList());
        assertEquals(train.sha256(), head.provenance().dataFiles().getFirst().sha256());
        assertEquals(Dataset.of("again", rows(80, "")).sha256(), train.sha256(), "in-memory rows hash by content");
        assertEquals("siren", head.provenance().hyperParameters().get("method"));
        assertTrue(head.provenance().metrics().containsKey("dev"));
        assertTrue(first.dev().get("held-out").macroF1() > 0.9, "dev macro-F1 " + first.dev().get("held-out").macroF1());
        assertEquals(first.dev().get("held-out").macroF1(), second.dev().get("held-out").macroF1());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("a").resolve(TrainingReport.JSON_FILE).toFile());
        assertEquals("my-rows", report.at("/context/data_files/0/path").asText());
        assertEquals(20, report.at("/context/data_files/1/rows").asInt());
    }

    @Test
    void featuresExtractedElsewhereGiveTheSameHeadAsTexts() throws Exception {
        Dataset train = Dataset.of("rows", rows(60, ""));
        TextBackbone backbone = new TextBackbone("fake", null, new PlantedBackbone(), CODEPOINTS);
        PipelineSettings settings = new PipelineSettings(64, 0.5, 16, null);
        new TrainingPipeline(QUICK, settings, Progress.NONE).train(backbone, List.of(train), List.of(), List.of(),
                dir.resolve("texts"));

        float[][][] features = new FeatureExtractor(backbone.backbone(), TextContract.of(CODEPOINTS, 64), null, 16)
                .extract(train.rows().stream().map(LabeledText::text).toList(), Progress.NONE);
        LabeledFeatures labeled = new LabeledFeatures(features,
                train.rows().stream().mapToInt(LabeledText::label).toArray(),
                train.rows().stream().map(LabeledText::source).toArray(String[]::new));
        new TrainingPipeline(QUICK, settings, Progress.NONE).trainOnFeatures(new BackboneRef("fake", null, "test", 3,
                8), List.of(new FeatureSet(DataSummary.of("train", train), labeled)), List.of(), List.of(),
                dir.resolve("features"));

        assertEquals(-1, Files.mismatch(dir.resolve("texts/siren.safetensors"),
                dir.resolve("features/siren.safetensors")));
        SirenHead a = HeadReader.read(dir.resolve("texts"));
        SirenHead b = HeadReader.read(dir.resolve("features"));
        assertEquals(a.provenance().dataFiles(), b.provenance().dataFiles());
        assertEquals(a.provenance().hyperParameters(), b.provenance().hyperParameters());
    }
}
