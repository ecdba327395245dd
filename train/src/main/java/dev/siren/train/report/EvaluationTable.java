package dev.siren.train.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.train.metrics.Evaluation;

import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Per-file evaluation metrics and their unweighted mean, as a markdown table or JSON. */
public final class EvaluationTable {

    /** Key of the mean in the JSON form. */
    public static final String MEAN = "mean";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationTable() {
    }

    public static String markdown(Map<String, Evaluation> byFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("| file | rows | harmful | macro-F1 | precision | recall | F1 (harmful) | FPR | AUROC |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        byFile.forEach((name, e) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n",
                name, e.rows(), e.harmful(), pct(e.macroF1()), pct(e.precision()), pct(e.recall()), pct(e.f1()),
                pct(e.fpr()), pct(e.auroc()))));
        if (byFile.size() > 1) {
            sb.append(String.format(Locale.ROOT, "| **mean** | | | **%s** | %s | %s | %s | %s | %s |%n",
                    pct(mean(byFile, Evaluation::macroF1)), pct(mean(byFile, Evaluation::precision)),
                    pct(mean(byFile, Evaluation::recall)), pct(mean(byFile, Evaluation::f1)),
                    pct(mean(byFile, Evaluation::fpr)), pct(mean(byFile, Evaluation::auroc))));
        }
        return sb.toString();
    }

    /** One object keyed by file name, plus "mean" (metrics averaged over the files where they are defined). */
    public static ObjectNode json(Map<String, Evaluation> byFile) {
        ObjectNode root = JSON.createObjectNode();
        byFile.forEach((name, e) -> root.set(name, json(e)));
        ObjectNode mean = root.putObject(MEAN);
        mean.put("files", byFile.size());
        put(mean, "macro_f1", mean(byFile, Evaluation::macroF1));
        put(mean, "precision", mean(byFile, Evaluation::precision));
        put(mean, "recall", mean(byFile, Evaluation::recall));
        put(mean, "f1", mean(byFile, Evaluation::f1));
        put(mean, "fpr", mean(byFile, Evaluation::fpr));
        put(mean, "auroc", mean(byFile, Evaluation::auroc));
        return root;
    }

    public static ObjectNode json(Evaluation e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("rows", e.rows());
        n.put("harmful", e.harmful());
        put(n, "macro_f1", e.macroF1());
        put(n, "precision", e.precision());
        put(n, "recall", e.recall());
        put(n, "f1", e.f1());
        put(n, "fpr", e.fpr());
        put(n, "auroc", e.auroc());
        return n;
    }

    /** NaN (undefined, e.g. FPR of an all-harmful file) is written as null. */
    static void put(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) n.putNull(key); else n.put(key, v);
    }

    /** Mean over the files where the metric is defined; NaN when it is defined nowhere. */
    static <T> double mean(Map<String, T> byFile, ToDoubleFunction<T> metric) {
        return byFile.values().stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** A share as a percentage with one decimal; "n/a" when undefined. */
    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
