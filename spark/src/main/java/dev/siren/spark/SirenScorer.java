package dev.siren.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * Scores a text column, or a prompt column and a response column, with a SIREN guard: adds the score (p(harmful)),
 * the decision ({@code score >= threshold}) and an error column, which names the problem of a row that could not be
 * scored (its score and decision are then null). Every input column is kept.
 *
 * <p>Each executor JVM loads the guard once, on first use ({@link GuardCache}), and scores each partition in batches
 * of {@code batchSize} through {@code Guard.scoreBatch}. Saved inside a {@code PipelineModel} as its parameters only:
 * the guard is named, never serialized.
 */
public final class SirenScorer extends Transformer implements DefaultParamsWritable {

    /** Texts longer than this (in chars) are bad rows by default: the guard reads only a text's first tokens anyway. */
    public static final int DEFAULT_MAX_CHARS = 100_000;

    private final String uid;
    private final Param<String> guard;
    private final Param<String> inputCol;
    private final Param<String> promptCol;
    private final Param<String> responseCol;
    private final Param<String> outputCol;
    private final Param<String> flagCol;
    private final Param<String> errorCol;
    private final DoubleParam threshold;
    private final IntParam batchSize;
    private final IntParam maxChars;

    public SirenScorer() {
        this(Identifiable.randomUID("sirenScorer"));
    }

    public SirenScorer(String uid) {
        this.uid = uid;
        guard = new Param<>(this, "guard", "the guard: \"default\", a head folder (local, shipped with the job,"
                + " or a Hadoop file-system URI) or a Hugging Face repo id");
        inputCol = new Param<>(this, "inputCol", "the text column to score (or set promptCol)");
        promptCol = new Param<>(this, "promptCol", "the prompt column of (prompt, response) pairs");
        responseCol = new Param<>(this, "responseCol", "the response column of (prompt, response) pairs");
        outputCol = new Param<>(this, "outputCol", "the score column (p(harmful), null for a bad row)");
        flagCol = new Param<>(this, "flagCol", "the decision column (score >= threshold, null for a bad row)");
        errorCol = new Param<>(this, "errorCol", "the column naming why a row has no score (null when scored)");
        threshold = new DoubleParam(this, "threshold", "decision threshold in [0, 1] (default: the guard's)",
                ParamValidators.inRange(0, 1));
        batchSize = new IntParam(this, "batchSize", "texts per guard batch", ParamValidators.gtEq(1));
        maxChars = new IntParam(this, "maxChars", "longest text scored, in characters; longer ones are bad rows",
                ParamValidators.gtEq(1));
        setDefault(guard, "default");
        setDefault(outputCol, "score");
        setDefault(flagCol, "harmful");
        setDefault(errorCol, "error");
        setDefault(batchSize, 16);
        setDefault(maxChars, DEFAULT_MAX_CHARS);
    }

    // Spark finds a stage's parameters through public no-argument methods that return them.
    public Param<String> guard() { return guard; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> promptCol() { return promptCol; }
    public Param<String> responseCol() { return responseCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> flagCol() { return flagCol; }
    public Param<String> errorCol() { return errorCol; }
    public DoubleParam threshold() { return threshold; }
    public IntParam batchSize() { return batchSize; }
    public IntParam maxChars() { return maxChars; }

    public SirenScorer setGuard(String value) { return (SirenScorer) set(guard, value); }
    public SirenScorer setInputCol(String value) { return (SirenScorer) set(inputCol, value); }
    public SirenScorer setPromptCol(String value) { return (SirenScorer) set(promptCol, value); }
    public SirenScorer setResponseCol(String value) { return (SirenScorer) set(responseCol, value); }
    public SirenScorer setOutputCol(String value) { return (SirenScorer) set(outputCol, value); }
    public SirenScorer setFlagCol(String value) { return (SirenScorer) set(flagCol, value); }
    public SirenScorer setErrorCol(String value) { return (SirenScorer) set(errorCol, value); }
    public SirenScorer setThreshold(double value) { return (SirenScorer) set(threshold, value); }
    public SirenScorer setBatchSize(int value) { return (SirenScorer) set(batchSize, value); }
    public SirenScorer setMaxChars(int value) { return (SirenScorer) set(maxChars, value); }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> df = dataset.toDF();
        StructType out = transformSchema(df.schema());
        RowScorer scorer = new RowScorer($(guard), scoredText(df.schema()),
                isDefined(threshold) ? (Double) $(threshold) : null, (Integer) $(batchSize));
        return df.mapPartitions((MapPartitionsFunction<Row, Row>) scorer::score, Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        scoredText(schema);
        for (Param<String> col : Arrays.asList(outputCol, flagCol, errorCol)) {
            if (Arrays.asList(schema.fieldNames()).contains($(col))) {
                throw new IllegalArgumentException("the input already has a column '" + $(col) + "' (" + col.name()
                        + "); choose another name");
            }
        }
        return schema.add($(outputCol), DataTypes.DoubleType, true)
                .add($(flagCol), DataTypes.BooleanType, true)
                .add($(errorCol), DataTypes.StringType, true);
    }

    private ScoredText scoredText(StructType schema) {
        boolean text = isDefined(inputCol);
        if (text == isDefined(promptCol)) {
            throw new IllegalArgumentException("set inputCol (a text column) or promptCol (with an optional"
                    + " responseCol), not " + (text ? "both" : "neither"));
        }
        if (text && isDefined(responseCol)) {
            throw new IllegalArgumentException("responseCol goes with promptCol, not inputCol");
        }
        return ScoredText.of(schema, text ? $(inputCol) : $(promptCol),
                isDefined(responseCol) ? $(responseCol) : null, (Integer) $(maxChars));
    }

    @Override
    public SirenScorer copy(ParamMap extra) {
        return (SirenScorer) defaultCopy(extra);
    }

    public static MLReader<SirenScorer> read() {
        return new DefaultParamsReader<>();
    }

    public static SirenScorer load(String path) {
        return read().load(path);
    }
}
