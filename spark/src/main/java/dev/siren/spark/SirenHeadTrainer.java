package dev.siren.spark;

import dev.siren.engine.ModelInfo;
import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.progress.Progress;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.TrainedSiren;
import dev.siren.train.pipeline.DataSummary;
import dev.siren.train.pipeline.FeatureSet;
import dev.siren.train.pipeline.PipelineSettings;
import dev.siren.train.pipeline.TrainingPipeline;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Trains a SIREN head on the driver from features extracted on the cluster ({@link SirenFeaturizer}): the features
 * (one vector per labelled text; the head is small, the rows fit the driver) are collected and handed to the
 * train module's {@link TrainingPipeline}, which writes the head as {@code siren train} does (siren_config.json +
 * siren.safetensors with the same provenance, and the same training report), ready for
 * {@code SirenScorer.setGuard(dir)}.
 */
public final class SirenHeadTrainer {

    private SirenHeadTrainer() {
    }

    /**
     * @param features  rows with the featurizer's output column and a 0/1 label column; rows without features
     *                  (null or empty text) are left out
     * @param sourceCol the column naming each row's source dataset (the unit of the per-source metric), or null
     * @param threshold the head's default decision threshold
     */
    public static TrainedSiren train(Dataset<Row> features, SirenFeaturizer featurizer, String labelCol,
                                     String sourceCol, SirenTrainingOptions options, double threshold, Path out,
                                     Progress progress) throws IOException {
        String featuresCol = featurizer.getOrDefault(featurizer.outputCol());
        List<Row> rows = features.where(col(featuresCol).isNotNull())
                .select(col(featuresCol), col(labelCol), sourceCol == null ? col(labelCol) : col(sourceCol))
                .collectAsList();
        FeatureBackbone backbone = FeatureBackbone.get(featurizer.getOrDefault(featurizer.backbone()));
        ModelInfo info = backbone.info();
        LabeledFeatures data = labeled(rows, info, sourceCol != null);
        progress.info("training on " + data.size() + " rows of " + info.numLayers() + " x " + info.hiddenSize()
                + " features from " + backbone.id());
        int maxLength = (Integer) featurizer.getOrDefault(featurizer.maxLength());
        BackboneRef ref = new BackboneRef(backbone.id(), null, info.architecture(), info.numLayers(),
                info.hiddenSize());
        FeatureSet set = new FeatureSet(DataSummary.of("train", "spark", "Spark dataset, column " + featuresCol
                + " (SirenFeaturizer)", data), data);
        return new TrainingPipeline(options, new PipelineSettings(maxLength, threshold, 1, null), progress)
                .trainOnFeatures(ref, List.of(set), List.of(), List.of(), out).model();
    }

    private static LabeledFeatures labeled(List<Row> rows, ModelInfo info, boolean hasSource) {
        int layers = info.numLayers(), hidden = info.hiddenSize();
        float[][][] features = new float[rows.size()][layers][hidden];
        int[] labels = new int[rows.size()];
        String[] sources = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Vector v = rows.get(i).getAs(0);
            if (v.size() != layers * hidden) {
                throw new IllegalArgumentException("row " + i + " has " + v.size() + " features, the backbone gives "
                        + layers + " x " + hidden);
            }
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < hidden; h++) {
                    features[i][l][h] = (float) v.apply(l * hidden + h);
                }
            }
            if (rows.get(i).isNullAt(1)) {
                throw new IllegalArgumentException("row " + i + " has no label");
            }
            labels[i] = ((Number) rows.get(i).get(1)).intValue();
            sources[i] = hasSource && !rows.get(i).isNullAt(2) ? String.valueOf(rows.get(i).get(2)) : "all";
        }
        return new LabeledFeatures(features, labels, sources);
    }
}
