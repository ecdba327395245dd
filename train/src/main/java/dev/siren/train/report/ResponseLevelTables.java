package dev.siren.train.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.train.metrics.GroupedAuroc;
import dev.siren.train.metrics.StreamTrace;
import dev.siren.train.metrics.StreamingSummary;
import dev.siren.train.metrics.StreamingSummary.FalseAlarms;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.siren.train.report.EvaluationTable.mean;
import static dev.siren.train.report.EvaluationTable.pct;
import static dev.siren.train.report.EvaluationTable.put;

/**
 * The response-level metrics of {@code siren eval}, per file and their unweighted mean where defined: the AUROC
 * among the answers to one prompt ({@link GroupedAuroc}) and the behaviour on streamed answers
 * ({@link StreamingSummary}), as markdown tables or JSON, and one streamed answer as a JSON line.
 */
public final class ResponseLevelTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseLevelTables() {
    }

    public static String withinPromptMarkdown(Map<String, GroupedAuroc> byFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("| file | prompts with a harmful and a benign answer | (harmful, benign) pairs | within-prompt AUROC |\n");
        sb.append("|---|---:|---:|---:|\n");
        byFile.forEach((name, g) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |%n",
                name, g.groups(), g.pairs(), pct(g.auroc()))));
        if (byFile.size() > 1) {
            sb.append(String.format(Locale.ROOT, "| **mean** | | | **%s** |%n", pct(mean(byFile, GroupedAuroc::auroc))));
        }
        return sb.toString();
    }

    public static String streamingMarkdown(Map<String, StreamingSummary> byFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("| file | harmful answers | flagged by the end | first flagged: chunk mean / median | share of answer seen"
                + " | benign answers | ever flagged | flagged at chunk 1 | flagged at the end | chunks per answer |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        byFile.forEach((name, s) -> sb.append(String.format(Locale.ROOT,
                "| %s | %d | %s | %s / %s | %s | %s | %s |%n", name, s.harmful(),
                pct(s.harmfulFlaggedByEnd()), num(s.firstFlagChunkMean()), num(s.firstFlagChunkMedian()),
                pct(s.firstFlagShareMean()), falseAlarmCells(s.benign()), num(s.meanChunks()))));
        if (byFile.size() > 1) {
            sb.append(String.format(Locale.ROOT, "| **mean** | | %s | %s / %s | %s | | %s | |%n",
                    pct(mean(byFile, StreamingSummary::harmfulFlaggedByEnd)),
                    num(mean(byFile, StreamingSummary::firstFlagChunkMean)),
                    num(mean(byFile, StreamingSummary::firstFlagChunkMedian)),
                    pct(mean(byFile, StreamingSummary::firstFlagShareMean)), meanFalseAlarmCells(byFile, StreamingSummary::benign)));
        }
        sb.append("\nRefusals among the benign answers (opening with \"I'm sorry\", \"I cannot\", \"As an AI\", ...):\n\n");
        sb.append("| file | refusals | ever flagged | flagged at chunk 1 | flagged at the end |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        byFile.forEach((name, s) -> sb.append(String.format(Locale.ROOT, "| %s | %s |%n", name,
                falseAlarmCells(s.refusals()))));
        if (byFile.size() > 1) {
            sb.append(String.format(Locale.ROOT, "| **mean** | | %s |%n", meanFalseAlarmCells(byFile, StreamingSummary::refusals)));
        }
        byFile.forEach((name, s) -> {
            if (s.cutAtCap() > 0) {
                sb.append(String.format(Locale.ROOT, "%n%s: %d answers passed the guard's stream token cap before"
                        + " they ended; their replay stops at the last chunk within it (\"at the end\" means there).%n",
                        name, s.cutAtCap()));
            }
        });
        return sb.toString();
    }

    /** Answers, ever flagged, flagged at chunk 1, flagged at the end: four cells of a row. */
    private static String falseAlarmCells(FalseAlarms a) {
        return String.format(Locale.ROOT, "%d | %s | %s | %s", a.answers(), pct(a.everFlagged()),
                pct(a.flaggedAtFirstChunk()), pct(a.flaggedAtEnd()));
    }

    /** The mean over the files of the three shares: three cells. */
    private static String meanFalseAlarmCells(Map<String, StreamingSummary> byFile,
                                              Function<StreamingSummary, FalseAlarms> which) {
        FalseAlarms m = meanFalseAlarms(byFile, which);
        return String.format(Locale.ROOT, "%s | %s | %s", pct(m.everFlagged()), pct(m.flaggedAtFirstChunk()),
                pct(m.flaggedAtEnd()));
    }

    /** Each share's mean over the files where it is defined; the answers summed. */
    private static FalseAlarms meanFalseAlarms(Map<String, StreamingSummary> byFile,
                                               Function<StreamingSummary, FalseAlarms> which) {
        return new FalseAlarms(byFile.values().stream().mapToInt(s -> which.apply(s).answers()).sum(),
                mean(byFile, s -> which.apply(s).everFlagged()),
                mean(byFile, s -> which.apply(s).flaggedAtFirstChunk()),
                mean(byFile, s -> which.apply(s).flaggedAtEnd()));
    }

    public static ObjectNode json(GroupedAuroc g) {
        ObjectNode n = JSON.createObjectNode();
        n.put("groups", g.groups());
        n.put("pairs", g.pairs());
        put(n, "auroc", g.auroc());
        return n;
    }

    public static ObjectNode json(StreamingSummary s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("harmful", s.harmful());
        put(n, "harmful_flagged_by_end", s.harmfulFlaggedByEnd());
        put(n, "first_flag_chunk_mean", s.firstFlagChunkMean());
        put(n, "first_flag_chunk_median", s.firstFlagChunkMedian());
        put(n, "first_flag_share_mean", s.firstFlagShareMean());
        putFalseAlarms(n, "benign", s.benign());
        putFalseAlarms(n, "refusals", s.refusals());
        put(n, "mean_chunks", s.meanChunks());
        n.put("cut_at_stream_cap", s.cutAtCap());
        return n;
    }

    private static void putFalseAlarms(ObjectNode n, String kind, FalseAlarms a) {
        n.put(kind, a.answers());
        put(n, kind + "_ever_flagged", a.everFlagged());
        put(n, kind + "_flagged_at_first_chunk", a.flaggedAtFirstChunk());
        put(n, kind + "_flagged_at_end", a.flaggedAtEnd());
    }

    /** Mean over the files of each metric where defined, for the "mean" object of the JSON form. */
    public static void putWithinPromptMean(ObjectNode mean, Map<String, GroupedAuroc> byFile) {
        put(mean, "within_prompt_auroc", mean(byFile, GroupedAuroc::auroc));
    }

    public static void putStreamingMean(ObjectNode mean, Map<String, StreamingSummary> byFile) {
        ObjectNode n = mean.putObject("streaming");
        put(n, "harmful_flagged_by_end", mean(byFile, StreamingSummary::harmfulFlaggedByEnd));
        put(n, "first_flag_chunk_mean", mean(byFile, StreamingSummary::firstFlagChunkMean));
        put(n, "first_flag_share_mean", mean(byFile, StreamingSummary::firstFlagShareMean));
        putMeanFalseAlarms(n, "benign", byFile, StreamingSummary::benign);
        putMeanFalseAlarms(n, "refusals", byFile, StreamingSummary::refusals);
    }

    private static void putMeanFalseAlarms(ObjectNode n, String kind, Map<String, StreamingSummary> byFile,
                                           Function<StreamingSummary, FalseAlarms> which) {
        FalseAlarms m = meanFalseAlarms(byFile, which);
        put(n, kind + "_ever_flagged", m.everFlagged());
        put(n, kind + "_flagged_at_first_chunk", m.flaggedAtFirstChunk());
        put(n, kind + "_flagged_at_end", m.flaggedAtEnd());
    }

    /** One streamed answer as a JSON line: where it is, its label, and the score after the prompt and each chunk. */
    public static String jsonLine(StreamTrace t, double threshold) {
        ObjectNode n = JSON.createObjectNode();
        n.put("location", t.location());
        n.put("label", t.label());
        n.put("prompt_score", t.promptScore());
        ArrayNode ends = n.putArray("chunk_ends");
        for (int e : t.chunkEnds()) ends.add(e);
        ArrayNode scores = n.putArray("scores");
        for (double s : t.scores()) scores.add(s);
        n.put("answer_chars", t.answerChars());
        n.put("complete", t.complete());
        n.put("refusal", t.refusal());
        int first = t.firstFlaggedChunk(threshold);
        if (first == 0) n.putNull("first_flagged_chunk"); else n.put("first_flagged_chunk", first);
        return n.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }
}
