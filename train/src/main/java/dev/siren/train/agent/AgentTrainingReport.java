package dev.siren.train.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.siren.engine.io.AtomicFile;
import dev.siren.guard.agent.AgentHead;
import dev.siren.train.metrics.Evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * training_report.json and training_report.md of an Agent-SIREN head (the file names of SIREN heads' reports): the
 * chosen depth and C, the cross-validated grid, and the leave-one-source-out table.
 */
final class AgentTrainingReport {

    static final String JSON_FILE = "training_report.json";
    static final String MARKDOWN_FILE = "training_report.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AgentTrainingReport() {
    }

    static void write(Path dir, AgentHead head, AgentSirenTrainer.Result result, List<ConversationFile> files)
            throws IOException {
        AtomicFile.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(json(head, result, files)));
        AtomicFile.writeString(dir.resolve(MARKDOWN_FILE), markdown(head, result, files));
    }

    private static Map<String, Object> json(AgentHead head, AgentSirenTrainer.Result result,
                                            List<ConversationFile> files) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("method", "agent-siren");
        root.put("backbone", head.backboneId());
        root.put("hidden_state", result.hiddenState());
        root.put("c", result.c());
        root.put("max_tokens", head.maxTokens());
        root.put("cv_grouped_by_source", result.grouped());
        List<Map<String, Object>> data = new ArrayList<>();
        files.forEach(f -> data.add(Map.of("path", f.file().toString(), "sha256", f.sha256(), "rows", f.rows().size())));
        root.put("train_files", data);
        List<Map<String, Object>> grid = new ArrayList<>();
        result.candidates().forEach(c -> grid.add(Map.of("hidden_state", c.hiddenState(), "c", c.c(),
                "macro_f1", c.macroF1(), "auroc", c.auroc())));
        root.put("cross_validation", grid);
        List<Map<String, Object>> loso = new ArrayList<>();
        for (AgentSirenTrainer.HeldOutSource h : result.leaveOneSourceOut()) {
            Evaluation e = h.evaluation();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", h.source());
            row.put("rows", e.rows());
            row.put("harmful", e.harmful());
            row.put("macro_f1", e.macroF1());
            row.put("auroc", e.auroc());
            row.put("hidden_state", h.hiddenState());
            row.put("c", h.c());
            loso.add(row);
        }
        root.put("leave_one_source_out", loso);
        return root;
    }

    private static String markdown(AgentHead head, AgentSirenTrainer.Result result, List<ConversationFile> files) {
        StringBuilder md = new StringBuilder("# Agent-SIREN training report\n\n");
        md.append(String.format(Locale.ROOT, "Backbone `%s`, last token's hidden state **%d**, C **%s**, conversations"
                + " cut head-and-tail to %d tokens.%n%n", head.backboneId(), result.hiddenState(), result.c(),
                head.maxTokens()));
        md.append("Training files:\n\n");
        files.forEach(f -> md.append(String.format(Locale.ROOT, "- `%s` (%d rows, sha256 %s)%n", f.file(),
                f.rows().size(), f.sha256())));
        md.append(String.format(Locale.ROOT, "%n## Cross-validation (%s)%n%n| hidden state | C | macro-F1 | AUROC |%n"
                + "|---:|---:|---:|---:|%n", result.grouped() ? "folds keep each source whole"
                : "stratified row folds: too few sources"));
        result.candidates().forEach(c -> md.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %.4f |%n",
                c.hiddenState(), c.c(), c.macroF1(), c.auroc())));
        md.append("\n## Leave one source out\n\n");
        if (result.leaveOneSourceOut().isEmpty()) {
            md.append("Not computed: it needs at least two sources.\n");
            return md.toString();
        }
        md.append("Each source scored by a head chosen and fitted without it.\n\n"
                + "| source | rows | harmful | macro-F1 | AUROC | hidden state | C |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (AgentSirenTrainer.HeldOutSource h : result.leaveOneSourceOut()) {
            Evaluation e = h.evaluation();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %d | %s |%n", h.source(), e.rows(),
                    e.harmful(), e.macroF1(), e.auroc(), h.hiddenState(), h.c()));
        }
        return md.toString();
    }
}
