package dev.siren.spark;

import dev.siren.guard.Guards;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Scores files with a SIREN guard on Spark: the job for {@code spark-submit --class dev.siren.spark.ScoreJob}, and
 * what {@code ./siren-spark score} runs in-process. Reads JSON Lines, Parquet and CSV, keeps every input column and
 * adds {@code score}, {@code harmful} and {@code error}; rows come out in input order.
 */
@Command(name = "siren-spark score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Score JSON Lines, Parquet or CSV files with a SIREN guard on Spark.",
                "Every input column is kept; score, harmful and error are added. A row that cannot be",
                "scored (null, empty or over-long text) has a null score and says why in error."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren-spark score --master 'local[2]' --guard default --input a.jsonl b.jsonl \\",
                "      --output out/ --format jsonl",
                "  spark-submit --class dev.siren.spark.ScoreJob siren-spark-assembly.jar \\",
                "      --guard hdfs:///heads/mine --input hdfs:///chats/2026-*.parquet --output hdfs:///scored",
                "",
                "Without --text-col or --prompt-col: 'text' when the input has it, else 'prompt' (with",
                "'response' when present). The output is a folder written by Spark's committer.",
                "",
                "Exit codes: 0 scored; 2 bad option or input, or some rows had an error (written with it)."})
public final class ScoreJob implements Callable<Integer> {

    private static final String ROW = "_siren_row";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's).")
    String master;

    @Option(names = "--guard", defaultValue = "default", paramLabel = "GUARD",
            description = Guards.SHIPPED_NAMES + " (shipped), a head folder, a folder shipped with the job, a Hadoop URI or a Hub repo id (default: ${DEFAULT-VALUE}).")
    String guard;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Input files or globs (.jsonl/.json, .parquet, .csv with a header row).")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder (must be absent or empty, unless --overwrite).")
    String output;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT", description = "parquet or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--overwrite", description = "Replace what the output folder holds.")
    boolean overwrite;

    @Option(names = "--text-col", paramLabel = "COL", description = "The text column.")
    String textCol;

    @Option(names = "--prompt-col", paramLabel = "COL", description = "The prompt column of (prompt, response) pairs.")
    String promptCol;

    @Option(names = "--response-col", paramLabel = "COL", description = "The response column (with --prompt-col).")
    String responseCol;

    @Option(names = "--threshold", paramLabel = "T", description = "Decision threshold in [0, 1] (default: the guard's).")
    Double threshold;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Texts per guard batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions to score (default: twice the cores of the application).")
    Integer partitions;

    private PrintWriter err;
    private boolean outputExists;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new ScoreJob()).setParameterExceptionHandler(ScoreJob::usageError).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        err = new PrintWriter(System.err, true);
        if (!format.equals("parquet") && !format.equals("jsonl")) {
            return fail("--format must be parquet or jsonl, got '" + format + "'");
        }
        SparkSession.Builder builder = SparkSession.builder().appName("siren score");
        if (master != null) { // in-process: no web UI, no progress bars over the summary
            builder.master(master).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false");
        }
        boolean ownSession = SparkSession.getDefaultSession().isEmpty(); // else a caller's (tests): theirs to stop
        SparkSession spark = builder.getOrCreate();
        try {
            checkOutput(spark);
            Summary summary = score(spark);
            err.printf(Locale.ROOT, "siren-spark score: %d rows, %d flagged, %d with an error -> %s%n",
                    summary.rows(), summary.flagged(), summary.errors(), output);
            JobTaskTime.Times times = summary.times();
            err.printf(Locale.ROOT, "  Spark tasks: %d, %.1f task-seconds (%.1f rows per task-second, the per-core rate"
                            + " without start-up), first task to last %.1f s%n", times.tasks(), times.taskSeconds(),
                    summary.rows() / Math.max(times.taskSeconds(), 1e-9), times.spanSeconds());
            summary.errorCounts().forEach((message, n) -> err.printf(Locale.ROOT, "  %d x %s%n", n, message));
            return summary.errors() > 0 ? 2 : 0;
        } catch (Exception e) { // Spark declares no exceptions: its checked AnalysisException arrives undeclared
            if (e instanceof IllegalArgumentException || e instanceof AnalysisException) {
                return fail(e.getMessage());
            }
            if (e instanceof IOException) {
                return fail("cannot use " + output + ": " + e.getMessage());
            }
            if (e instanceof SparkException) { // a task failed: the first cause is what went wrong (e.g. no such guard)
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                return fail("the job failed: " + cause);
            }
            throw e;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    record Summary(long rows, long flagged, long errors, Map<String, Long> errorCounts, JobTaskTime.Times times) {
    }

    private Summary score(SparkSession spark) {
        Dataset<Row> input = read(spark);
        int n = partitions != null ? partitions : 2 * spark.sparkContext().defaultParallelism();
        if (n < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + n);
        }
        // Spreads the rows over n partitions of consecutive rows: the cores share the work, and rows keep their order.
        Dataset<Row> spread = input.withColumn(ROW, monotonically_increasing_id())
                .repartitionByRange(n, col(ROW)).sortWithinPartitions(ROW);
        Dataset<Row> scored = scorer(spread.columns()).transform(spread).drop(ROW);
        if (Arrays.asList(scored.columns()).contains("_corrupt_record")) {
            scored = scored.withColumn("error", when(col("_corrupt_record").isNotNull(),
                    lit("not valid JSON (the line is in _corrupt_record)")).otherwise(col("error")));
        }
        SaveMode mode = overwrite || outputExists ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
        Dataset<Row> result = scored;
        JobTaskTime.Times times = JobTaskTime.measure(spark.sparkContext(), "siren-score", () -> {
            if (format.equals("jsonl")) {
                result.write().mode(mode).option("ignoreNullFields", "false").json(output);
            } else {
                result.write().mode(mode).parquet(output);
            }
        });
        return summarize(spark.read().schema(scored.schema()).format(format.equals("jsonl") ? "json" : "parquet")
                .load(output), times);
    }

    private SirenScorer scorer(String[] columns) {
        List<String> names = Arrays.asList(columns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be in [0, 1], got " + threshold);
        }
        SirenScorer scorer = new SirenScorer().setGuard(guard).setBatchSize(batchSize);
        if (threshold != null) {
            scorer.setThreshold(threshold);
        }
        if (textCol != null && promptCol != null) {
            throw new IllegalArgumentException("give --text-col or --prompt-col, not both");
        }
        if (responseCol != null && promptCol == null) {
            throw new IllegalArgumentException("--response-col goes with --prompt-col");
        }
        if (textCol != null) {
            return scorer.setInputCol(textCol);
        }
        if (promptCol != null) {
            scorer.setPromptCol(promptCol);
            return responseCol != null ? scorer.setResponseCol(responseCol) : scorer;
        }
        if (names.contains("text")) {
            return scorer.setInputCol("text");
        }
        if (names.contains("prompt")) {
            scorer.setPromptCol("prompt");
            return names.contains("response") ? scorer.setResponseCol("response") : scorer;
        }
        throw new IllegalArgumentException("the input has no 'text' or 'prompt' column (columns: "
                + names.stream().filter(c -> !c.equals(ROW)).toList() + "); name one with --text-col or --prompt-col");
    }

    /** Reads every input, each in the format its name says, into one table (columns matched by name). */
    private Dataset<Row> read(SparkSession spark) {
        Map<String, List<String>> byFormat = new LinkedHashMap<>();
        for (String path : inputs) {
            byFormat.computeIfAbsent(formatOf(path), f -> new ArrayList<>()).add(path);
        }
        Dataset<Row> all = null;
        for (Map.Entry<String, List<String>> group : byFormat.entrySet()) {
            String[] paths = group.getValue().toArray(String[]::new);
            DataFrameReader reader = spark.read();
            Dataset<Row> part = switch (group.getKey()) {
                case "json" -> reader.json(paths);
                case "parquet" -> reader.parquet(paths);
                default -> reader.option("header", "true").option("multiLine", "true").option("escape", "\"")
                        .csv(paths);
            };
            all = all == null ? part : all.unionByName(part, true);
        }
        return all;
    }

    private static String formatOf(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return "json";
        }
        if (name.endsWith(".parquet")) {
            return "parquet";
        }
        if (name.endsWith(".csv")) {
            return "csv";
        }
        throw new IllegalArgumentException("cannot tell the format of '" + path + "' from its name: expected"
                + " .jsonl, .json, .parquet or .csv");
    }

    /** Refuses an output that is a file, or a folder with something in it (unless --overwrite). */
    private void checkOutput(SparkSession spark) throws IOException {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        outputExists = fs.exists(out);
        if (!outputExists) {
            return;
        }
        if (!fs.getFileStatus(out).isDirectory()) {
            throw new IllegalArgumentException("--output " + output + " is a file; name a folder");
        }
        if (fs.listStatus(out).length > 0 && !overwrite) {
            throw new IllegalArgumentException("--output " + output + " is not empty; name a new folder, or add"
                    + " --overwrite to replace what it holds");
        }
    }

    private static Summary summarize(Dataset<Row> written, JobTaskTime.Times times) {
        Row totals = written.agg(count(lit(1)), sum(when(col("harmful"), 1).otherwise(0)), count(col("error")))
                .first();
        Map<String, Long> errorCounts = new LinkedHashMap<>();
        if (totals.getLong(2) > 0) {
            for (Row r : written.where(col("error").isNotNull()).groupBy("error").count()
                    .orderBy(col("count").desc()).limit(10).collectAsList()) {
                errorCounts.put(r.getString(0), r.getLong(1));
            }
        }
        return new Summary(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1), totals.getLong(2),
                errorCounts, times);
    }

    private int fail(String message) {
        err.println("siren-spark score: " + message);
        return 2;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("siren-spark score: " + e.getMessage());
        err.println("Try 'siren-spark score --help' for the options and examples.");
        err.flush();
        return 2;
    }
}
