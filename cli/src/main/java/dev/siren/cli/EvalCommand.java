package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.io.AtomicFile;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.guard.progress.Progress;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.LabeledText;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.metrics.GroupedAuroc;
import dev.siren.train.metrics.StreamReplay;
import dev.siren.train.metrics.StreamTrace;
import dev.siren.train.metrics.StreamingSummary;
import dev.siren.train.report.EvaluationTable;
import dev.siren.train.report.ResponseLevelTables;
import dev.siren.train.report.SvgCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                "Per file: macro-F1, precision, recall and F1 on the harmful class, the",
                "false-positive rate on benign rows and AUROC, then their mean. Prints a",
                "markdown table (or with --json one JSON object keyed by file name) and",
                "writes a score histogram per file (SVG).",
                "Response level: --group-by prompt adds the AUROC among the answers to one",
                "prompt; --stream-replay feeds each answer to a streaming session in chunks",
                "and reports when harmful answers are first flagged and how often benign",
                "ones are flagged mid-stream."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren eval --guard default --data data/dev/*.jsonl",
                "  ./siren eval --guard heads/minilm --data dev.jsonl --threshold 0.3 --json",
                "  ./siren eval --guard heads/minilm --data mine.csv --text-field question \\",
                "      --label-field verdict",
                "  ./siren eval --guard default --data dev/saferlhf_test.jsonl --group-by prompt",
                "  ./siren eval --guard default --data dev/saferlhf_test.jsonl --stream-replay \\",
                "      --chunk-chars 32 --limit 200",
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

    @Option(names = "--plots", defaultValue = "siren-eval", paramLabel = "DIR", description = "Folder for the score histograms, scores_<file>.svg, and the streaming curves, stream_<file>.jsonl/.svg (default: ${DEFAULT-VALUE}).")
    Path plots;

    @Option(names = "--no-plots", description = "Do not write the charts (SVG); stream_<file>.jsonl is still written with --stream-replay.")
    boolean noPlots;

    @Option(names = "--group-by", paramLabel = "prompt", description = "prompt: also report the AUROC within the answers to each prompt, over every (harmful, benign) answer pair of one prompt (ties count half).")
    GroupBy groupBy;

    @Option(names = "--stream-replay", description = "Also replay every answer (response row) as a stream, prompt first, then --chunk-chars characters at a time, scoring after each chunk.")
    boolean streamReplay;

    @Option(names = "--chunk-chars", defaultValue = "32", paramLabel = "N", description = "Characters per streamed chunk with --stream-replay, about 8 tokens (default: ${DEFAULT-VALUE}).")
    int chunkChars;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate at most N rows of each file, spread evenly over it (a quick sample; the answers to one prompt may be cut apart).")
    Integer limit;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Texts per scoring batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    /** What {@code --group-by} groups rows by. */
    enum GroupBy { prompt }

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
            checkOptions();
            List<Dataset> datasets = data.read(dataFiles, err);
            Progress progress = ConsoleProgress.on(err);
            Map<String, Evaluation> results = new LinkedHashMap<>();
            Map<String, GroupedAuroc> withinPrompt = new LinkedHashMap<>();
            Map<String, StreamingSummary> streaming = new LinkedHashMap<>();
            try (Guard guard = guardOption.load(loader)) {
                double t = threshold != null ? threshold : guard.defaultThreshold();
                for (Dataset all : datasets) {
                    Dataset d = limit == null ? all : all.sample(limit);
                    String name = uniqueName(d.name(), results);
                    double[] scores = score(guard, d, t, progress);
                    int[] labels = d.rows().stream().mapToInt(LabeledText::label).toArray();
                    results.put(name, Evaluation.of(scores, labels, t));
                    if (groupBy == GroupBy.prompt) {
                        String[] prompts = d.rows().stream().map(r -> r.hasResponse() ? r.prompt() : null).toArray(String[]::new);
                        withinPrompt.put(name, GroupedAuroc.of(prompts, scores, labels));
                    }
                    if (streamReplay) {
                        streaming.put(name, replay(guard, d, name, t, progress));
                    }
                    if (!noPlots) {
                        Path svg = plots.resolve("scores_" + name + ".svg");
                        AtomicFile.writeString(svg, SvgCharts.scoreHistogram(name + " (" + guardOption.name + ")", scores, labels, t, 20));
                        progress.info("histogram: " + svg);
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? JSON.writeValueAsString(json(results, withinPrompt, streaming)) + "\n"
                    : markdown(results, withinPrompt, streaming));
            out.flush();
            return ExitCodes.CLEAN;
        } catch (CliException | ScoringException e) {
            err.println("siren eval: " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (IOException e) {
            err.println("siren eval: cannot write " + plots + ": " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (RuntimeException e) { // the guard itself failed
            err.println("siren eval: scoring failed: " + e);
            return ExitCodes.ERROR;
        } finally {
            err.flush();
        }
    }

    private void checkOptions() {
        if (batchSize < 1) {
            throw new CliException("--batch-size must be at least 1, got " + batchSize);
        }
        if (chunkChars < 1) {
            throw new CliException("--chunk-chars must be at least 1, got " + chunkChars);
        }
        if (limit != null && limit < 1) {
            throw new CliException("--limit must be at least 1, got " + limit);
        }
    }

    /** Streams every answer of {@code d}, writes the per-answer curves (JSONL) and their mean (SVG), and sums them up. */
    private StreamingSummary replay(Guard guard, Dataset d, String name, double t, Progress progress) throws IOException {
        List<LabeledText> answers = d.rows().stream().filter(LabeledText::hasResponse).toList();
        List<StreamTrace> traces = new ArrayList<>(answers.size());
        try (Progress.Task task = progress.start(name + " streamed", answers.size(), "answers")) {
            for (LabeledText row : answers) {
                traces.add(StreamReplay.replay(guard, row, chunkChars, t));
                task.advance();
            }
        }
        Path curves = plots.resolve("stream_" + name + ".jsonl");
        AtomicFile.write(curves, temp -> {
            try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (StreamTrace trace : traces) {
                    w.write(ResponseLevelTables.jsonLine(trace, t));
                    w.newLine();
                }
            }
        });
        progress.info("streaming curves: " + curves);
        if (!noPlots && !traces.isEmpty()) {
            int longest = traces.stream().mapToInt(StreamTrace::chunks).max().orElseThrow();
            Path svg = plots.resolve("stream_" + name + ".svg");
            AtomicFile.writeString(svg, SvgCharts.streamingCurves(name + " streamed in " + chunkChars + "-character chunks ("
                            + guardOption.name + ")", StreamingSummary.meanCurve(traces, StreamingSummary.HARMFUL, longest),
                    StreamingSummary.meanCurve(traces, StreamingSummary.BENIGN, longest),
                    StreamingSummary.meanCurve(traces, StreamingSummary.REFUSALS, longest), t));
            progress.info("streaming chart: " + svg);
        }
        return StreamingSummary.of(traces, t);
    }

    private String markdown(Map<String, Evaluation> results, Map<String, GroupedAuroc> withinPrompt,
                            Map<String, StreamingSummary> streaming) {
        StringBuilder sb = new StringBuilder(EvaluationTable.markdown(results));
        if (!withinPrompt.isEmpty()) {
            sb.append("\nWithin-prompt AUROC (answers to the same prompt):\n\n")
                    .append(ResponseLevelTables.withinPromptMarkdown(withinPrompt));
        }
        if (!streaming.isEmpty()) {
            sb.append("\nStreamed answers (").append(chunkChars).append("-character chunks, shares in %):\n\n")
                    .append(ResponseLevelTables.streamingMarkdown(streaming));
        }
        return sb.toString();
    }

    private static ObjectNode json(Map<String, Evaluation> results, Map<String, GroupedAuroc> withinPrompt,
                                   Map<String, StreamingSummary> streaming) {
        ObjectNode root = EvaluationTable.json(results);
        withinPrompt.forEach((name, g) -> ((ObjectNode) root.get(name)).set("within_prompt", ResponseLevelTables.json(g)));
        streaming.forEach((name, s) -> ((ObjectNode) root.get(name)).set("streaming", ResponseLevelTables.json(s)));
        ObjectNode mean = (ObjectNode) root.get(EvaluationTable.MEAN);
        if (!withinPrompt.isEmpty()) ResponseLevelTables.putWithinPromptMean(mean, withinPrompt);
        if (!streaming.isEmpty()) ResponseLevelTables.putStreamingMean(mean, streaming);
        return root;
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
