package dev.siren.train.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.guard.progress.Progress;
import dev.siren.train.SirenTrainer;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.SyntheticFeatures;
import dev.siren.train.TrainedSiren;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.metrics.StreamTrace;
import dev.siren.train.metrics.StreamingSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(model.layers().get(1).size(), json.at("/layers/1/selected_neurons").asInt());
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

    @Test
    void streamingChartDrawsOneCurvePerClassOnTheScoreScale() {
        String svg = SvgCharts.streamingCurves("t", new double[] {0.5, 1.0, 1.0}, new double[] {0.0, 0.25},
                new double[] {0.75, 0.0}, 0.5);
        // plot area x 60..620, y 40..310: harmful (red) starts at score 0.5 -> y 175, ends at chunk 2 with 1.0 -> y 40
        assertTrue(svg.contains("stroke=\"#de2d26\" stroke-width=\"2\" points=\"60.0,175.0 340.0,40.0 620.0,40.0\""), svg);
        assertTrue(svg.contains("stroke=\"#74c476\" stroke-width=\"2\" points=\"60.0,310.0 340.0,242.5\""), svg);
        assertTrue(svg.contains("stroke=\"#3182bd\" stroke-width=\"2\" points=\"60.0,107.5 340.0,310.0\""), "refusals: " + svg);
        assertTrue(svg.contains("y1=\"175.0\"") && svg.contains("stroke-dasharray"), "the threshold line");
        assertEquals(1, SvgCharts.streamingCurves("t", new double[0], new double[] {0.1, 0.2}, new double[0], 0.5)
                        .split("<polyline").length - 1,
                "no curve for a class without answers");
    }

    @Test
    void theStreamingTablesGiveEachFileARowAndTheirMeanTheSameColumns() {
        // a: one refusal flagged after chunk 1 and at the end; b: one benign answer (no refusal), never flagged
        Map<String, StreamingSummary> byFile = new LinkedHashMap<>();
        byFile.put("a", StreamingSummary.of(List.of(
                new StreamTrace("a:1", 0, 0.9, new int[] {4}, new double[] {0.8}, 4, true)), 0.5));
        byFile.put("b", StreamingSummary.of(List.of(
                new StreamTrace("b:1", 0, 0.1, new int[] {4}, new double[] {0.1}, 4, false)), 0.5));
        String[] lines = ResponseLevelTables.streamingMarkdown(byFile).split("\n");
        assertEquals("| a | 0 | n/a | n/a / n/a | n/a | 1 | 100.0 | 100.0 | 100.0 | 1.0 |", lines[2]);
        assertEquals("| **mean** | | n/a | n/a / n/a | n/a | | 50.0 | 50.0 | 50.0 | |", lines[4]);
        assertEquals("| a | 1 | 100.0 | 100.0 | 100.0 |", lines[10]);
        assertEquals("| b | 0 | n/a | n/a | n/a |", lines[11]);
        assertEquals("| **mean** | | 100.0 | 100.0 | 100.0 |", lines[12], "files without refusals have no share");
        for (int i : new int[] {2, 4, 10, 12}) {
            assertEquals(lines[i == 2 || i == 4 ? 0 : 8].split("\\|").length, lines[i].split("\\|").length, lines[i]);
        }
    }

    @Test
    void aStreamedAnswerIsOneJsonLineWithItsScores() throws Exception {
        StreamTrace trace = new StreamTrace("f.jsonl:3", 1, 0.25, new int[] {4, 9}, new double[] {0.125, 0.75}, 9, false);
        JsonNode line = new ObjectMapper().readTree(ResponseLevelTables.jsonLine(trace, 0.5));
        assertEquals("f.jsonl:3", line.get("location").asText());
        assertEquals(0.25, line.get("prompt_score").asDouble());
        assertEquals("[4,9]", line.get("chunk_ends").toString());
        assertEquals("[0.125,0.75]", line.get("scores").toString());
        assertEquals(2, line.get("first_flagged_chunk").asInt());
        assertEquals(9, line.get("answer_chars").asInt());
        assertTrue(line.get("complete").asBoolean());
        assertFalse(line.get("refusal").asBoolean());
        assertTrue(new ObjectMapper().readTree(ResponseLevelTables.jsonLine(trace, 0.9)).get("first_flagged_chunk").isNull());
    }
}
