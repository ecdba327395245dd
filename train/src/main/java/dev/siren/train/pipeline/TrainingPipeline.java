package dev.siren.train.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.ModelInfo;
import dev.siren.guard.SirenVersion;
import dev.siren.guard.TextContract;
import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.progress.Progress;
import dev.siren.train.HeadExport;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SirenTrainer;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.TrainedSiren;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.LabeledText;
import dev.siren.train.features.FeatureCache;
import dev.siren.train.features.FeatureExtractor;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.report.EvaluationTable;
import dev.siren.train.report.TrainingReport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code siren train} as a library call: labelled texts (data files, or rows built in memory with
 * {@link Dataset#of}) are read through the backbone ({@link TextContract}; features cached on disk), a head is
 * trained ({@link SirenTrainer}), the dev sets are scored with it, and the head (siren_config.json +
 * siren.safetensors, with its provenance) and the training report are written to a folder. Features extracted
 * elsewhere (e.g. on a Spark cluster) enter at {@link #trainOnFeatures} and get the same head, provenance and report.
 */
public final class TrainingPipeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SirenTrainingOptions options;
    private final PipelineSettings settings;
    private final Progress progress;

    /** @param progress receives stage messages and per-stage progress ({@link Progress#NONE} for none) */
    public TrainingPipeline(SirenTrainingOptions options, PipelineSettings settings, Progress progress) {
        this.options = options;
        this.settings = settings;
        this.progress = progress;
    }

    /** What a run made: the model, the head written to the folder, and the dev metrics by data set name. */
    public record Result(TrainedSiren model, SirenHead head, Map<String, Evaluation> dev) {
    }

    /**
     * Extracts the features of every row, trains on {@code train} (probe C and layer weights chosen on
     * {@code validation}, or on a split of train when it is empty), scores {@code dev} and writes head and report
     * into {@code out}.
     */
    public Result train(TextBackbone backbone, List<Dataset> train, List<Dataset> validation, List<Dataset> dev,
                        Path out) throws IOException {
        // before the long extraction: a weighted source must have training rows
        options.sourceWeights().requireSources(train.stream().flatMap(d -> d.rows().stream()).map(LabeledText::source)
                .toList());
        ModelInfo info = backbone.backbone().info();
        progress.info("backbone " + backbone.id() + ": " + info.architecture() + ", " + info.numLayers()
                + " layers x " + info.hiddenSize());
        List<LabeledText> all = new ArrayList<>();
        for (List<Dataset> group : List.of(train, validation, dev)) {
            group.forEach(d -> all.addAll(d.rows()));
        }
        float[][][] features = extract(backbone, info, all.stream().map(LabeledText::text).toList());
        int[] offset = {0};
        BackboneRef ref = new BackboneRef(backbone.id(), null, info.architecture(), info.numLayers(), info.hiddenSize());
        return trainOnFeatures(ref, sets("train", train, features, offset), sets("validation", validation, features,
                offset), sets("dev", dev, features, offset), out);
    }

    /**
     * Trains on features already extracted (as {@link FeatureExtractor} extracts them, with this run's max length)
     * from the backbone {@code backbone}, scores {@code dev} and writes head and report into {@code out}.
     */
    public Result trainOnFeatures(BackboneRef backbone, List<FeatureSet> train, List<FeatureSet> validation,
                                  List<FeatureSet> dev, Path out) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training data");
        }
        TrainedSiren model = new SirenTrainer(options, progress).train(concat(train),
                validation.isEmpty() ? null : concat(validation));
        Map<String, Evaluation> devResults = new LinkedHashMap<>();
        for (FeatureSet set : dev) {
            devResults.put(set.summary().name(), Evaluation.of(model.scores(set.features().features()),
                    set.features().labels(), settings.threshold()));
        }
        List<DataSummary> files = new ArrayList<>();
        for (List<FeatureSet> group : List.of(train, validation, dev)) {
            group.forEach(set -> files.add(set.summary()));
        }
        SirenHead head = HeadExport.toHead(model, backbone, settings.maxLength(), settings.threshold(),
                provenance(model, files, devResults));
        HeadWriter.write(head, out);
        TrainingReport.write(out, model, context(backbone.id(), files), devResults);
        return new Result(model, head, devResults);
    }

    private float[][][] extract(TextBackbone backbone, ModelInfo info, List<String> texts) throws IOException {
        TextContract contract = TextContract.of(backbone.tokenizer(), settings.maxLength());
        if (settings.featureCache() == null || backbone.cacheKey() == null) {
            return new FeatureExtractor(backbone.backbone(), contract, null, settings.batchSize())
                    .extract(texts, progress);
        }
        String key = backbone.cacheKey() + "|max_length=" + settings.maxLength();
        try (FeatureCache cache = FeatureCache.open(settings.featureCache(), key, info.numLayers(), info.hiddenSize())) {
            progress.info("feature cache: " + cache.file() + " (" + cache.size() + " texts)");
            return new FeatureExtractor(backbone.backbone(), contract, cache, settings.batchSize())
                    .extract(texts, progress);
        }
    }

    /** The data sets of one role with their rows' features, taken in order from {@code features} at {@code offset}. */
    private static List<FeatureSet> sets(String role, List<Dataset> datasets, float[][][] features, int[] offset) {
        List<FeatureSet> sets = new ArrayList<>();
        for (Dataset d : datasets) {
            int n = d.rows().size();
            int[] labels = new int[n];
            String[] sources = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = d.rows().get(i).label();
                sources[i] = d.rows().get(i).source();
            }
            sets.add(new FeatureSet(DataSummary.of(role, d), new LabeledFeatures(
                    Arrays.copyOfRange(features, offset[0], offset[0] + n), labels, sources)));
            offset[0] += n;
        }
        return sets;
    }

    private static LabeledFeatures concat(List<FeatureSet> sets) {
        LabeledFeatures all = sets.getFirst().features();
        for (FeatureSet set : sets.subList(1, sets.size())) {
            all = all.concat(set.features());
        }
        return all;
    }

    private static Provenance provenance(TrainedSiren model, List<DataSummary> files, Map<String, Evaluation> dev) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("train", model.trainRows());
        counts.put("validation", model.validationRows());
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("method", model.options().lastLayerOnly() ? "last-layer-only baseline" : "siren");
        hp.put("eta", model.options().eta());
        hp.put("probe_solver", model.options().adamProbes() ? "adam" : "liblinear L1R_LR");
        hp.put("C_grid", model.options().cGrid());
        hp.put("hidden_sizes", model.hyperParameters().hidden());
        hp.put("dropout", model.hyperParameters().dropout());
        hp.put("lr", model.hyperParameters().learningRate());
        hp.put("weight_decay", model.options().weightDecay());
        hp.put("batch_size", model.options().batchSize());
        hp.put("final_epochs", model.finalEpochs());
        hp.put("ensemble", model.options().ensemble());
        if (!model.options().sourceWeights().isEmpty()) {
            hp.put("source_weights", model.options().sourceWeights().describe());
        }
        hp.put("search_trials", model.options().searchTrials());
        hp.put("search_folds", model.options().searchFolds());
        hp.put("seed", model.options().seed());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(model.search() != null ? "cv_mean_macro_f1" : "validation_macro_f1", model.selectionScore());
        if (!dev.isEmpty()) {
            metrics.put("dev", JSON.convertValue(EvaluationTable.json(dev), Map.class));
        }
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), SirenVersion.current(),
                files.stream().map(DataSummary::provenance).toList(), counts, hp, metrics);
    }

    private ObjectNode context(String backboneId, List<DataSummary> files) {
        ObjectNode c = JSON.createObjectNode();
        c.put("backbone", backboneId);
        c.put("max_length", settings.maxLength());
        c.put("project_version", SirenVersion.current());
        ArrayNode entries = c.putArray("data_files");
        for (DataSummary file : files) {
            ObjectNode f = entries.addObject();
            f.put("role", file.role());
            f.put("path", file.path());
            f.put("sha256", file.sha256());
            f.put("rows", file.rows());
            f.put("harmful", file.harmful());
            f.put("bad_rows_skipped", file.badRowsSkipped());
        }
        return c;
    }
}
