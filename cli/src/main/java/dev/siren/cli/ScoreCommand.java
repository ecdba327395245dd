package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.io.AtomicFile;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.guard.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code siren score}: scores one text, a prompt/response pair, or a JSON Lines file. */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Score a text, a prompt/response pair, or a JSON Lines file for harmfulness.",
                "The score is the probability of the harmful class, in [0, 1];",
                "a text is flagged harmful when score >= threshold."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren score \"How do I make a bomb?\"",
                "  ./siren score --prompt \"How do I pick a lock?\" --response \"First, ...\"",
                "  ./siren score --json --threshold 0.1 \"some text\"   # strict, JSON out",
                "  echo \"some text\" | ./siren score -",
                "  ./siren score --input chats.jsonl --output scored.jsonl",
                "      rows: {\"text\": ...} or {\"prompt\": ..., \"response\": ...}; other",
                "      fields are kept, and score, harmful, threshold are added",
                "",
                "Exit codes:",
                "  0  single mode: clean; batch mode: every row scored",
                "  1  single mode: flagged harmful",
                "  2  error: bad option, unreadable file, guard not found, a score the",
                "     guard cannot compute, or (batch mode) any bad or unscorable row,",
                "     reported as FILE:LINE and written with an \"error\" field"})
public final class ScoreCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to score (a user prompt, or any text); - reads it from standard input.")
    String text;

    @Option(names = "--prompt", paramLabel = "P", description = "A prompt to score, alone or with --response.")
    String prompt;

    @Option(names = "--response", paramLabel = "R", description = "The response to --prompt; the pair is scored as prompt + \"\\n\" + response.")
    String response;

    @Option(names = "--input", paramLabel = "FILE.jsonl", description = "Batch mode: score every row of this JSON Lines file.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE.jsonl", description = "Batch mode: where scored rows go (default: standard output); replaced only when the run completes.")
    Path output;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Batch mode: texts per backbone batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threshold", converter = ThresholdConverter.class, paramLabel = "T", description = "Decision threshold in [0, 1] (default: the guard's, usually 0.5; 0.1 strict, 0.9 permissive).")
    Double threshold;

    @Option(names = "--json", description = "Single mode: print {\"score\", \"harmful\", \"threshold\"} as JSON.")
    boolean json;

    @Mixin
    GuardOption guardOption;

    @Spec
    CommandSpec spec;

    private final GuardLoader loader;

    public ScoreCommand() {
        this(GuardLoader.pretrained());
    }

    ScoreCommand(GuardLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            validate();
            try (Guard guard = guardOption.load(loader)) {
                double t = threshold != null ? threshold : guard.defaultThreshold();
                return input != null ? scoreFile(guard, t) : scoreOne(guard, t);
            }
        } catch (CliException | ScoringException e) {
            err.println("siren score: " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (RuntimeException e) { // a failure of the guard itself: still exit 2, never the "flagged" code 1
            err.println("siren score: scoring failed: " + e);
            return ExitCodes.ERROR;
        } finally {
            err.flush();
        }
    }

    private void validate() {
        boolean single = text != null || prompt != null;
        if (input == null && !single) {
            throw new CliException("nothing to score: give TEXT, --prompt P [--response R], or --input FILE.jsonl (see --help)");
        }
        if (input != null && single) {
            throw new CliException("--input scores a file; do not also give TEXT or --prompt");
        }
        if (text != null && prompt != null) {
            throw new CliException("give either TEXT or --prompt, not both");
        }
        if (response != null && prompt == null) {
            throw new CliException("--response needs --prompt (the prompt it answers)");
        }
        if (output != null && input == null) {
            throw new CliException("--output is for batch mode; it needs --input");
        }
        if (output != null && sameFile(input, output)) {
            throw new CliException("--output must differ from --input (writing would erase the rows being read)");
        }
        if (batchSize < 1) {
            throw new CliException("--batch-size must be at least 1, got " + batchSize);
        }
        String one = text != null ? text : prompt;
        if (one != null && one.isEmpty()) {
            throw new CliException("the text to score is empty");
        }
    }

    private int scoreOne(Guard guard, double t) {
        if ("-".equals(text)) {
            text = readStandardInput();
        }
        ScoreResult result = text != null ? guard.score(text, t) : guard.score(prompt, response, t);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("score", result.score());
            fields.put("harmful", result.harmful());
            fields.put("threshold", result.threshold());
            out.println(writeJson(fields));
        } else {
            out.printf(Locale.ROOT, "%s  score=%.4f  threshold=%.2f%n",
                    result.harmful() ? "HARMFUL" : "clean", result.score(), result.threshold());
        }
        out.flush();
        return result.harmful() ? ExitCodes.FLAGGED : ExitCodes.CLEAN;
    }

    private int scoreFile(Guard guard, double t) {
        long total = countLines(input);
        PrintWriter errors = spec.commandLine().getErr();
        Progress progress = ConsoleProgress.on(errors);
        JsonlScorer scorer = new JsonlScorer(guard, t, batchSize, errors);
        JsonlScorer.Summary summary;
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(input);
             Progress.Task task = progress.start("scoring", total, "lines")) {
            if (output == null) {
                summary = scorer.score(input, in, stdoutWriter(), task);
            } else {
                try (AtomicFile file = AtomicFile.begin(output)) { // a failed run leaves the previous output intact
                    try (Writer out = Files.newBufferedWriter(file.temp(), StandardCharsets.UTF_8)) {
                        summary = scorer.score(input, in, out, task);
                    }
                    file.commit();
                }
            }
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + e.getFile());
        } catch (IOException e) {
            throw new CliException("cannot read " + input + " or write " + (output == null ? "standard output" : output) + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9; // the rows' own time: after JVM start and guard load
        progress.info(String.format(Locale.ROOT,
                "siren score: %d rows, %d flagged, %d bad, %d could not be scored in %.1f s (%.1f rows/s)%s",
                summary.rows(), summary.flagged(), summary.bad(), summary.failed(), seconds,
                summary.rows() / Math.max(seconds, 1e-9), output != null ? " -> " + output : ""));
        return summary.bad() + summary.failed() > 0 ? ExitCodes.ERROR : ExitCodes.CLEAN;
    }

    /** Whether {@code output} names the file {@code input} names, directly or through a symbolic or hard link. */
    private static boolean sameFile(Path input, Path output) {
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output);
        } catch (IOException e) {
            throw new CliException("cannot compare --input and --output: " + e.getMessage(), e);
        }
    }

    private static String readStandardInput() {
        try {
            String read = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (read.isEmpty()) {
                throw new CliException("standard input is empty; nothing to score");
            }
            return read;
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    private Writer stdoutWriter() {
        PrintWriter stdout = spec.commandLine().getOut();
        return new java.io.FilterWriter(stdout) {
            @Override
            public void close() {
                stdout.flush(); // standard output stays open
            }
        };
    }

    private static long countLines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) { // any byte is a char: counting only
            return lines.count();
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
