package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.io.AtomicFile;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.LabeledText;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.progress.ConsoleProgress;
import dev.siren.train.progress.Progress;
import dev.siren.train.report.EvaluationTable;
import dev.siren.train.report.SvgCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code siren eval}: scores labelled files with a guard and reports macro-F1, P/R/F1, FPR and AUROC per file. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Evaluate a guard on labelled files.",
                "Per file: macro-F1, precision, recall and F1 on the harmful class, false-positive",
                "rate on benign rows and AUROC, then their mean. Prints a markdown table (or with",
                "--json one JSON object keyed by file name) and writes a score histogram per file (SVG)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren eval --guard default --data data/dev/*.jsonl",
                "  ./siren eval --guard heads/minilm --data dev.jsonl --threshold 0.3 --json",
                "  ./siren eval --guard heads/minilm --data mine.csv --text-field question \\",
                "      --label-field verdict",
                "",
                "A row is flagged harmful when score >= threshold (the guard's default: 0.5).",
                "Exit codes: 0 evaluated; 2 bad option, unreadable or bad data, guard not found,",
                "or a row the guard cannot compute a valid score for (named as FILE:LINE)."})
public final class EvalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    GuardOption guardOption;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Labelled files (.jsonl, .csv, .tsv).")
    List<Path> dataFiles;

    @Option(names = "--threshold", converter = ThresholdConverter.class, paramLabel = "T", description = "Decision threshold in [0, 1] (default: the guard's).")
    Double threshold;

    @Option(names = "--json", description = "Print one JSON object keyed by file name (plus \"mean\") instead of the table.")
    boolean json;

    @Option(names = "--plots", defaultValue = "siren-eval", paramLabel = "DIR", description = "Folder for the score histograms, scores_<file>.svg (default: ${DEFAULT-VALUE}).")
    Path plots;

    @Option(names = "--no-plots", description = "Do not write score histograms.")
    boolean noPlots;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Texts per scoring batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    private final GuardLoader loader;

    public EvalCommand() {
        this(GuardLoader.pretrained());
    }

    EvalCommand(GuardLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (batchSize < 1) {
                throw new CliException("--batch-size must be at least 1, got " + batchSize);
            }
            List<Dataset> datasets = data.read(dataFiles, err);
            Progress progress = ConsoleProgress.on(err);
            Map<String, Evaluation> results = new LinkedHashMap<>();
            try (Guard guard = guardOption.load(loader)) {
                double t = threshold != null ? threshold : guard.defaultThreshold();
                for (Dataset d : datasets) {
                    String name = uniqueName(d.name(), results);
                    double[] scores = score(guard, d, t, progress);
                    int[] labels = d.rows().stream().mapToInt(LabeledText::label).toArray();
                    results.put(name, Evaluation.of(scores, labels, t));
                    if (!noPlots) {
                        Files.createDirectories(plots);
                        Path svg = plots.resolve("scores_" + name + ".svg");
                        AtomicFile.writeString(svg, SvgCharts.scoreHistogram(name + " (" + guardOption.name + ")", scores, labels, t, 20));
                        progress.info("histogram: " + svg);
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? JSON.writeValueAsString(EvaluationTable.json(results)) + "\n" : EvaluationTable.markdown(results));
            out.flush();
            return 0;
        } catch (CliException | ScoringException e) {
            err.println("siren eval: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("siren eval: cannot write " + plots + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) { // the guard itself failed
            err.println("siren eval: scoring failed: " + e);
            return 2;
        } finally {
            err.flush();
        }
    }

    private double[] score(Guard guard, Dataset d, double t, Progress progress) {
        List<LabeledText> rows = d.rows();
        double[] scores = new double[rows.size()];
        try (Progress.Task task = progress.start(d.name(), rows.size(), "texts")) {
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<LabeledText> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
                List<String> texts = batch.stream().map(LabeledText::text).toList();
                List<ScoreResult> results;
                try {
                    results = guard.scoreBatch(texts, t);
                } catch (ScoringException e) { // an unscorable row makes every metric meaningless: name it, stop
                    throw unscorable(guard, batch, t, e);
                }
                for (int i = 0; i < results.size(); i++) {
                    scores[from + i] = results.get(i).score();
                }
                task.advance(texts.size());
            }
        }
        return scores;
    }

    /** The error naming the first row of {@code batch} the guard cannot score. */
    private static ScoringException unscorable(Guard guard, List<LabeledText> batch, double t, ScoringException error) {
        for (LabeledText row : batch) {
            try {
                guard.score(row.text(), t);
            } catch (ScoringException e) {
                return new ScoringException(row.location() + ": " + e.getMessage(), e);
            }
        }
        return error;
    }

    /** Two files with the same name (from different folders) get distinct keys. */
    private static String uniqueName(String name, Map<String, Evaluation> taken) {
        String candidate = name;
        for (int k = 2; taken.containsKey(candidate); k++) {
            candidate = name + "-" + k;
        }
        return candidate;
    }
}
