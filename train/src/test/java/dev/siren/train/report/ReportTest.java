package dev.siren.train.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.train.SirenTrainer;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.SyntheticFeatures;
import dev.siren.train.TrainedSiren;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void writesJsonMarkdownAndPlotOfATrainingRun() throws Exception {
        TrainedSiren model = new SirenTrainer(SirenTrainingOptions.defaults().toBuilder().threads(2)
                .liblinearProbes(new double[] {0.1}, 1e-3).search(2, 2).epochs(5, 2, 0).build(), Progress.NONE)
                .train(SyntheticFeatures.planted(300, 5), null);
        ObjectNode context = new ObjectMapper().createObjectNode().put("backbone", "fake-bert");
        Map<String, Evaluation> dev = new LinkedHashMap<>();
        dev.put("devA", Evaluation.of(new double[] {0.9, 0.2}, new int[] {1, 0}, 0.5));
        TrainingReport.write(dir, model, context, dev);

        JsonNode json = new ObjectMapper().readTree(dir.resolve(TrainingReport.JSON_FILE).toFile());
        assertEquals("fake-bert", json.at("/context/backbone").asText());
        assertEquals(3, json.get("layers").size());
        assertEquals(model.layout().neurons()[1].length, json.at("/layers/1/selected_neurons").asInt());
        assertEquals(2, json.get("search_trials").size());
        assertEquals(1.0, json.at("/dev/devA/macro_f1").asDouble());
        assertTrue(json.at("/dev/devA/fpr").isNumber());

        String md = Files.readString(dir.resolve(TrainingReport.MARKDOWN_FILE));
        assertTrue(md.contains("| devA | 2 | 1 | 100.0 |"), md);
        assertTrue(md.contains("![per-layer probe F1](layer_f1.svg)"));
        String svg = Files.readString(dir.resolve(TrainingReport.PLOT_FILE));
        assertTrue(svg.startsWith("<svg") && svg.contains("<polyline") && svg.strip().endsWith("</svg>"));
    }

    @Test
    void evaluationTableAveragesOnlyDefinedMetrics() {
        Map<String, Evaluation> byFile = new LinkedHashMap<>();
        byFile.put("mixed", Evaluation.of(new double[] {0.9, 0.6, 0.1}, new int[] {1, 0, 0}, 0.5));
        byFile.put("all-harmful", Evaluation.of(new double[] {0.9, 0.2}, new int[] {1, 1}, 0.5));
        ObjectNode json = EvaluationTable.json(byFile);
        assertTrue(json.at("/all-harmful/fpr").isNull(), "no benign rows: FPR undefined");
        assertEquals(0.5, json.at("/mixed/fpr").asDouble(), 1e-12);
        assertEquals(0.5, json.at("/mean/fpr").asDouble(), 1e-12, "mean over the files where FPR is defined");
        String md = EvaluationTable.markdown(byFile);
        assertTrue(md.contains("| all-harmful | 2 | 2 |") && md.contains("n/a") && md.contains("**mean**"), md);
    }

    @Test
    void histogramCountsScoresPerClass() {
        String svg = SvgCharts.scoreHistogram("t", new double[] {0.05, 0.95, 1.0, 0.5}, new int[] {0, 1, 1, 0}, 0.5, 10);
        assertEquals(20, svg.split("<rect x=").length - 1, "two bars per bin");
        assertTrue(svg.contains("stroke-dasharray"));
        assertTrue(SvgCharts.escape("a<b&\"c\"").equals("a&lt;b&amp;&quot;c&quot;"));
    }
}
