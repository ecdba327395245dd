package dev.siren.train.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.io.AtomicFile;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.TrainedSiren;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.mlp.HyperParameterSearch;
import dev.siren.train.mlp.HyperParameters;
import dev.siren.train.probe.LayerProbeResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a training run: {@code training_report.json} (everything, for scripts), {@code training_report.md}
 * (for people) and {@code layer_f1.svg} (per-layer probe F1 and layer weights).
 */
public final class TrainingReport {

    public static final String JSON_FILE = "training_report.json";
    public static final String MARKDOWN_FILE = "training_report.md";
    public static final String PLOT_FILE = "layer_f1.svg";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingReport() {
    }

    /**
     * Writes the three report files.
     *
     * @param context what the trainer does not know (backbone, data files...), copied under "context"
     * @param dev     metrics of held-out files scored after training, by file name (may be empty)
     */
    public static void write(Path dir, TrainedSiren model, ObjectNode context, Map<String, Evaluation> dev)
            throws IOException {
        Files.createDirectories(dir);
        AtomicFile.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(json(model, context, dev)));
        AtomicFile.writeString(dir.resolve(MARKDOWN_FILE), markdown(model, context, dev));
        if (!model.probes().isEmpty()) {
            double[] alpha = new double[model.layers().size()];
            for (int l = 0; l < alpha.length; l++) alpha[l] = model.layers().get(l).alpha();
            AtomicFile.writeString(dir.resolve(PLOT_FILE), SvgCharts.layerF1("SIREN layer probes", probeF1(model), alpha));
        }
    }

    public static ObjectNode json(TrainedSiren model, ObjectNode context, Map<String, Evaluation> dev) {
        ObjectNode root = JSON.createObjectNode();
        root.set("context", context);
        root.put("method", model.options().lastLayerOnly() ? "last-layer-only baseline" : "SIREN");
        root.put("train_rows", model.trainRows());
        root.put("validation_rows", model.validationRows());
        root.set("options", options(model.options()));
        ArrayNode layers = root.putArray("layers");
        for (int l = 0; l < model.layers().size(); l++) {
            ObjectNode n = layers.addObject();
            n.put("layer", l);
            n.put("alpha", model.layers().get(l).alpha());
            n.put("selected_neurons", model.layers().get(l).size());
            if (!model.probes().isEmpty()) {
                LayerProbeResult p = model.probes().get(l);
                n.put("probe_c", p.probe().c());
                n.put("probe_validation_f1", p.validationF1());
                n.put("probe_nonzero_weights", p.probe().nonZeroWeights());
                ObjectNode byC = n.putObject("validation_f1_by_c");
                p.f1ByC().forEach((c, f) -> byC.put(String.valueOf(c), f));
            }
        }
        root.put("head_input_width", model.width());
        root.set("head", hyperParameters(model.hyperParameters()));
        root.put("final_epochs", model.finalEpochs());
        root.put("ensemble", model.options().ensemble());
        root.put("selection_macro_f1", model.selectionScore());
        if (model.search() != null) {
            ArrayNode trials = root.putArray("search_trials");
            for (HyperParameterSearch.Trial t : model.search().trials()) {
                ObjectNode n = hyperParameters(t.params());
                n.put("trial", t.number());
                n.put("cv_macro_f1", t.meanScore());
                n.set("fold_macro_f1", JSON.valueToTree(t.foldScores()));
                n.set("fold_best_epochs", JSON.valueToTree(t.foldBestEpochs()));
                n.put("pruned", t.pruned());
                trials.add(n);
            }
            root.put("best_trial", model.search().best().number());
        }
        ObjectNode seconds = root.putObject("seconds");
        model.seconds().forEach(seconds::put);
        if (!dev.isEmpty()) {
            root.set("dev", EvaluationTable.json(dev));
        }
        return root;
    }

    public static ObjectNode hyperParameters(HyperParameters hp) {
        ObjectNode n = JSON.createObjectNode();
        n.set("hidden", JSON.valueToTree(hp.hidden()));
        n.set("dropout", JSON.valueToTree(hp.dropout()));
        n.put("learning_rate", hp.learningRate());
        return n;
    }

    public static ObjectNode options(SirenTrainingOptions o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seed", o.seed());
        n.put("threads", o.threads());
        n.put("validation_fraction", o.validationFraction());
        n.set("probe_c_grid", JSON.valueToTree(o.cGrid()));
        n.put("probe_solver", o.adamProbes() ? "Adam on BCE + (1/C)(sum|w| + |b|), lr 0.01, batch 256"
                : "liblinear L1R_LR (newGLMNET), bias penalised");
        n.put("probe_tolerance", o.probeTolerance());
        n.put("probe_max_iterations", o.probeMaxIterations());
        n.put("eta", o.eta());
        n.put("search_trials", o.searchTrials());
        n.put("search_folds", o.searchFolds());
        n.put("batch_size", o.batchSize());
        n.put("max_epochs", o.maxEpochs());
        n.put("patience", o.patience());
        n.put("weight_decay", o.weightDecay());
        n.put("final_epochs_option", o.finalEpochs());
        return n;
    }

    static String markdown(TrainedSiren model, ObjectNode context, Map<String, Evaluation> dev) {
        StringBuilder md = new StringBuilder("# SIREN training report\n\n");
        context.properties().forEach(e -> md.append("- ").append(e.getKey()).append(": ")
                .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()).append('\n'));
        md.append(String.format(Locale.ROOT, "- method: %s; %d train rows, %d validation rows (probe C and layer weights)%n",
                model.options().lastLayerOnly() ? "last-layer-only baseline" : "SIREN", model.trainRows(),
                model.validationRows()));
        md.append(String.format(Locale.ROOT, "- head: input %d, %s, %d final epochs on train + validation%s%n",
                model.width(), model.hyperParameters(), model.finalEpochs(), model.options().ensemble() > 1
                        ? "; " + model.options().ensemble() + " seeds folded into one MLP averaging their logits" : ""));
        md.append(String.format(Locale.ROOT, "- selection macro-F1 (%s): %.4f%n", model.search() != null
                ? model.options().searchFolds() + "-fold CV of the best of " + model.search().trials().size() + " trials"
                : "validation, early-stopped fit", model.selectionScore()));
        md.append("- seconds: ").append(model.seconds()).append("\n\n");
        if (!model.probes().isEmpty()) {
            md.append("## Layers\n\n![per-layer probe F1](").append(PLOT_FILE).append(")\n\n");
            md.append("| layer | probe C | probe val macro-F1 | non-zero weights | safety neurons | alpha |\n");
            md.append("|---:|---:|---:|---:|---:|---:|\n");
            for (LayerProbeResult p : model.probes()) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %d | %d | %.3f |%n", p.layer(),
                        p.probe().c(), p.validationF1(), p.probe().nonZeroWeights(),
                        model.layers().get(p.layer()).size(), model.layers().get(p.layer()).alpha()));
            }
            md.append('\n');
        }
        if (model.search() != null) {
            md.append("## Hyper-parameter search\n\n| trial | head | CV macro-F1 | folds run | mean best epoch |\n");
            md.append("|---:|---|---:|---:|---:|\n");
            for (HyperParameterSearch.Trial t : model.search().trials()) {
                md.append(String.format(Locale.ROOT, "| %d%s | %s | %.4f%s | %d | %.1f |%n", t.number(),
                        t == model.search().best() ? " (best)" : "", t.params(), t.meanScore(),
                        t.pruned() ? " (pruned)" : "", t.foldScores().length, t.meanBestEpoch()));
            }
            md.append('\n');
        }
        if (!dev.isEmpty()) {
            md.append("## Held-out files (threshold 0.5)\n\n").append(EvaluationTable.markdown(dev)).append('\n');
        }
        return md.toString();
    }

    private static double[] probeF1(TrainedSiren model) {
        return model.probes().stream().mapToDouble(LayerProbeResult::validationF1).toArray();
    }
}
