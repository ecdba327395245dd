package dev.siren.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
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
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * SIREN features on the cluster: for each text, every layer's mean over its tokens, as one ML vector of
 * layers x hidden values (layer 0 first), extracted exactly as {@code siren train} extracts them. A null or empty
 * text gets a null vector. {@link SirenHeadTrainer} trains a head from these vectors on the driver.
 */
public final class SirenFeaturizer extends Transformer implements DefaultParamsWritable {

    private final String uid;
    private final Param<String> backbone;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam maxLength;
    private final IntParam batchSize;

    public SirenFeaturizer() {
        this(Identifiable.randomUID("sirenFeaturizer"));
    }

    public SirenFeaturizer(String uid) {
        this.uid = uid;
        backbone = new Param<>(this, "backbone", "an embedded encoder (bge-small-en-v1.5, ...) or a model folder"
                + " present on every executor");
        inputCol = new Param<>(this, "inputCol", "the text column");
        outputCol = new Param<>(this, "outputCol", "the features column (layers x hidden values, layer 0 first)");
        maxLength = new IntParam(this, "maxLength", "tokens read per text, the first ones", ParamValidators.gtEq(2));
        batchSize = new IntParam(this, "batchSize", "texts per backbone batch", ParamValidators.gtEq(1));
        setDefault(inputCol, "text");
        setDefault(outputCol, "features");
        setDefault(maxLength, 512);
        setDefault(batchSize, 16);
    }

    // Spark finds a stage's parameters through public no-argument methods that return them.
    public Param<String> backbone() { return backbone; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> outputCol() { return outputCol; }
    public IntParam maxLength() { return maxLength; }
    public IntParam batchSize() { return batchSize; }

    public SirenFeaturizer setBackbone(String value) { return (SirenFeaturizer) set(backbone, value); }
    public SirenFeaturizer setInputCol(String value) { return (SirenFeaturizer) set(inputCol, value); }
    public SirenFeaturizer setOutputCol(String value) { return (SirenFeaturizer) set(outputCol, value); }
    public SirenFeaturizer setMaxLength(int value) { return (SirenFeaturizer) set(maxLength, value); }
    public SirenFeaturizer setBatchSize(int value) { return (SirenFeaturizer) set(batchSize, value); }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> df = dataset.toDF();
        StructType out = transformSchema(df.schema());
        Extract extract = new Extract($(backbone), ScoredText.stringColumn(df.schema(), $(inputCol)),
                (Integer) $(maxLength), (Integer) $(batchSize));
        return df.mapPartitions((MapPartitionsFunction<Row, Row>) extract::apply, Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(backbone)) {
            throw new IllegalArgumentException("set backbone (an embedded encoder name or a model folder)");
        }
        ScoredText.stringColumn(schema, $(inputCol));
        if (Arrays.asList(schema.fieldNames()).contains($(outputCol))) {
            throw new IllegalArgumentException("the input already has a column '" + $(outputCol) + "' (outputCol)");
        }
        return schema.add($(outputCol), SQLDataTypes.VectorType(), true);
    }

    @Override
    public SirenFeaturizer copy(ParamMap extra) {
        return (SirenFeaturizer) defaultCopy(extra);
    }

    public static MLReader<SirenFeaturizer> read() {
        return new DefaultParamsReader<>();
    }

    public static SirenFeaturizer load(String path) {
        return read().load(path);
    }

    /** The per-partition work: settings only, the backbone is the executor's. */
    private record Extract(String backbone, int column, int maxLength, int batchSize) implements Serializable {

        Iterator<Row> apply(Iterator<Row> rows) {
            return BatchedRows.map(rows, batchSize, this::batch);
        }

        private List<Row> batch(List<Row> batch) {
            List<String> texts = new ArrayList<>();
            for (Row row : batch) {
                String text = row.getString(column);
                if (text != null && !text.isEmpty()) {
                    texts.add(text);
                }
            }
            float[][][] features = texts.isEmpty() ? new float[0][][]
                    : FeatureBackbone.get(backbone).features(texts, maxLength);
            List<Row> out = new ArrayList<>(batch.size());
            int f = 0;
            for (Row row : batch) {
                String text = row.getString(column);
                boolean has = text != null && !text.isEmpty();
                out.add(BatchedRows.append(row, has ? Vectors.dense(flatten(features[f++])) : null));
            }
            return out;
        }

        private static double[] flatten(float[][] layers) {
            int hidden = layers[0].length;
            double[] flat = new double[layers.length * hidden];
            for (int l = 0; l < layers.length; l++) {
                for (int h = 0; h < hidden; h++) {
                    flat[l * hidden + h] = layers[l][h];
                }
            }
            return flat;
        }
    }
}
