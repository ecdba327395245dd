package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.ModelInfo;
import dev.siren.guard.SirenCache;
import dev.siren.guard.SirenVersion;
import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.Provenance;
import dev.siren.train.HeadExport;
import dev.siren.train.LabeledFeatures;
import dev.siren.train.SirenTrainer;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.SourceWeights;
import dev.siren.train.TrainedSiren;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.LabeledText;
import dev.siren.train.features.FeatureCache;
import dev.siren.train.features.FeatureExtractor;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.progress.ConsoleProgress;
import dev.siren.train.progress.Progress;
import dev.siren.train.report.EvaluationTable;
import dev.siren.train.report.TrainingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code siren train}: extracts features with a backbone (cached), trains a SIREN head and writes it with a report. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Train a SIREN head on a frozen backbone.",
                "Pooled layer features (cached on disk), per-layer L1 probes, safety neurons, layer weights, and an"
                        + " MLP whose settings are searched by k-fold cross-validation. Writes the head"
                        + " (siren_config.json + siren.safetensors) and training_report.json/.md with layer_f1.svg"
                        + " into --out."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./siren train --backbone all-minilm-l6-v2 --train data/train/*.jsonl \\",
                "      --dev data/dev/*.jsonl --out heads/minilm",
                "  ./siren train --backbone ./Qwen3-0.6B --train mine.csv --text-field question \\",
                "      --label-field verdict --out heads/qwen --trials 24 --folds 5",
                "  ./siren train --backbone e5-small-v2 --train a.jsonl --baseline \\",
                "      --out heads/e5-last",
                "",
                "--dev files are only scored after training (reported, never fitted on).",
                "Without --validation, a stratified --val-fraction of the training rows",
                "chooses probe C and the layer weights. Features are cached in --cache:",
                "a second run on the same texts and backbone does not run the backbone.",
                "",
                "Exit codes: 0 trained; 2 bad option, unreadable or bad data, backbone not found."})
public final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--backbone", required = true, paramLabel = "NAME_OR_DIR",
            description = "An embedded encoder (all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2) or a Hugging Face model folder.")
    String backboneName;

    @Option(names = "--train", required = true, arity = "1..*", paramLabel = "FILE", description = "Training files (.jsonl, .csv, .tsv).")
    List<Path> trainFiles;

    @Option(names = "--validation", arity = "1..*", paramLabel = "FILE",
            description = "Validation files for probe C and layer weights (default: split off --train).")
    List<Path> validationFiles = List.of();

    @Option(names = "--dev", arity = "1..*", paramLabel = "FILE", description = "Held-out files scored after training for the report.")
    List<Path> devFiles = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the head and the report.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the split, probes, search and fits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F", description = "Share of --train held out when no --validation is given (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--trials", defaultValue = "12", paramLabel = "N", description = "MLP settings tried; 0 trains the reference head D-512-128-2 with early stopping (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--folds", defaultValue = "3", paramLabel = "K", description = "Cross-validation folds per trial (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--max-epochs", defaultValue = "40", paramLabel = "N", description = "MLP epochs at most per fit (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--patience", defaultValue = "4", paramLabel = "N", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--final-epochs", defaultValue = "0", paramLabel = "N", description = "Epochs of the final fit on train + validation; 0 = the best trial's mean best epoch (default: ${DEFAULT-VALUE}).")
    int finalEpochs;

    @Option(names = "--c-grid", split = ",", paramLabel = "C", description = "Probe inverse L1 strengths (default: 0.01,0.03,0.1,0.3,1; with --adam-probes 200,500,1000).")
    double[] cGrid;

    @Option(names = "--adam-probes", description = "Train probes as the paper does (BCE + L1/C by Adam) instead of with liblinear.")
    boolean adamProbes;

    @Option(names = "--eta", defaultValue = "0.9", paramLabel = "F", description = "Share of each probe's |w| the safety neurons cover (default: ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--baseline", description = "Train the last-layer-only baseline (all units of the last layer, no probes) instead of SIREN.")
    boolean baseline;

    @Option(names = "--ensemble", defaultValue = "1", paramLabel = "K", description = "Final MLPs fitted with seeds seed..seed+K-1 and folded into one head that averages their logits (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(names = "--source-weight", split = ",", paramLabel = "SOURCE=N",
            description = "Repeat the training rows of a source N times (validation rows are never repeated), e.g. saferlhf_train=3.")
    List<String> sourceWeights = List.of();

    @Option(names = "--threshold", converter = ThresholdConverter.class, defaultValue = "0.5", paramLabel = "T", description = "Default decision threshold stored in the head (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--max-length", defaultValue = "512", paramLabel = "N", description = "Tokens read per text, the first N (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Texts per backbone batch during extraction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache folder (default: features/ under $SIREN_CACHE, else ~/.cache/siren/features).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Do not read or write the feature cache.")
    boolean noCache;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads for probes and the MLP (default: all cores).")
    Integer threads;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    private SourceWeights weights;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            validate();
            run(err);
            return 0;
        } catch (CliException e) {
            err.println("siren train: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("siren train: " + e.getMessage());
            return 2;
        } finally {
            err.flush();
        }
    }

    private void validate() {
        if (!(valFraction > 0 && valFraction < 1)) throw new CliException("--val-fraction must be in (0, 1), got " + valFraction);
        if (trials < 0) throw new CliException("--trials must be >= 0, got " + trials);
        if (trials > 0 && folds < 2) throw new CliException("--folds must be at least 2, got " + folds);
        if (maxEpochs < 1 || patience < 0 || finalEpochs < 0) throw new CliException("--max-epochs must be >= 1 and --patience, --final-epochs >= 0");
        if (!(eta > 0 && eta <= 1)) throw new CliException("--eta must be in (0, 1], got " + eta);
        if (maxLength < 2 || batchSize < 1) throw new CliException("--max-length must be >= 2 and --batch-size >= 1");
        if (cGrid != null && Arrays.stream(cGrid).anyMatch(c -> !(c > 0))) throw new CliException("--c-grid values must be positive");
        if (threads != null && threads < 1) throw new CliException("--threads must be at least 1");
        if (ensemble < 1) throw new CliException("--ensemble must be at least 1, got " + ensemble);
        try {
            weights = SourceWeights.parse(sourceWeights);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private void run(PrintWriter err) throws IOException {
        Progress progress = ConsoleProgress.on(err);
        List<Dataset> train = data.read(trainFiles, err);
        List<Dataset> validation = data.read(validationFiles, err);
        List<Dataset> dev = data.read(devFiles, err);
        try {
            weights.requireSources(train.stream().flatMap(d -> d.rows().stream()).map(LabeledText::source).toList());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }

        try (BackboneSource source = BackboneSource.open(backboneName)) {
            ModelInfo info = source.backbone().info();
            progress.info("backbone " + source.id() + ": " + info.architecture() + ", " + info.numLayers()
                    + " layers x " + info.hiddenSize());
            List<LabeledText> all = new ArrayList<>();
            for (List<Dataset> group : List.of(train, validation, dev)) {
                group.forEach(d -> all.addAll(d.rows()));
            }
            float[][][] features = extract(source, info, all, progress);

            int offset = 0;
            LabeledFeatures trainSet = slice(train, features, offset);
            offset += rows(train);
            LabeledFeatures validationSet = validation.isEmpty() ? null : slice(validation, features, offset);
            offset += rows(validation);
            LabeledFeatures[] weighted = weigh(trainSet, validationSet);
            trainSet = weighted[0];
            validationSet = weighted[1];

            SirenTrainingOptions options = options();
            TrainedSiren model = new SirenTrainer(options, progress).train(trainSet, validationSet);

            Map<String, Evaluation> devResults = new LinkedHashMap<>();
            for (Dataset d : dev) {
                LabeledFeatures set = slice(List.of(d), features, offset);
                offset += d.rows().size();
                devResults.put(d.name(), Evaluation.of(model.scores(set.features()), set.labels(), threshold));
            }

            BackboneRef ref = new BackboneRef(source.id(), null, info.architecture(), info.numLayers(), info.hiddenSize());
            HeadWriter.write(HeadExport.toHead(model, ref, maxLength, threshold,
                    provenance(model, train, validation, dev, devResults)), out);
            TrainingReport.write(out, model, context(source, train, validation, dev), devResults);

            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("head written to %s (input width %d, %s); report: %s%n", out, model.layout().width(),
                    model.hyperParameters(), out.resolve(TrainingReport.MARKDOWN_FILE));
            if (!devResults.isEmpty()) {
                stdout.print(EvaluationTable.markdown(devResults));
            }
            stdout.flush();
        }
    }

    private float[][][] extract(BackboneSource source, ModelInfo info, List<LabeledText> rows, Progress progress)
            throws IOException {
        List<String> texts = rows.stream().map(LabeledText::text).toList();
        if (noCache) {
            return new FeatureExtractor(source.backbone(), t -> source.encode(t, maxLength), null, batchSize)
                    .extract(texts, progress);
        }
        Path dir = cacheDir != null ? cacheDir : SirenCache.root().resolve("features");
        String key = source.cacheKey() + "|max_length=" + maxLength;
        try (FeatureCache cache = FeatureCache.open(dir, key, info.numLayers(), info.hiddenSize())) {
            progress.info("feature cache: " + cache.file() + " (" + cache.size() + " texts)");
            return new FeatureExtractor(source.backbone(), t -> source.encode(t, maxLength), cache, batchSize)
                    .extract(texts, progress);
        }
    }

    private SirenTrainingOptions options() {
        SirenTrainingOptions defaults = SirenTrainingOptions.defaults();
        SirenTrainingOptions.Builder b = defaults.toBuilder().seed(seed).validationFraction(valFraction)
                .threads(threads != null ? threads : defaults.threads())
                .epochs(maxEpochs, patience, finalEpochs).eta(eta).lastLayerOnly(baseline).ensemble(ensemble);
        if (adamProbes) {
            b.adamProbes(cGrid != null ? cGrid : SirenTrainingOptions.ADAM_C_GRID);
        } else {
            b.liblinearProbes(cGrid != null ? cGrid : SirenTrainingOptions.LIBLINEAR_C_GRID, defaults.probeTolerance());
        }
        return (trials == 0 ? b.fixedHead(SirenTrainingOptions.REFERENCE_HEAD) : b.search(trials, folds)).build();
    }

    /** {training, validation} with --source-weight applied; unchanged without it. */
    private LabeledFeatures[] weigh(LabeledFeatures train, LabeledFeatures validation) {
        if (weights.isEmpty()) return new LabeledFeatures[] {train, validation};
        return validation == null ? weights.splitAndWeigh(train, valFraction, seed)
                : new LabeledFeatures[] {weights.weigh(train), validation};
    }

    private static LabeledFeatures slice(List<Dataset> datasets, float[][][] features, int offset) {
        int n = rows(datasets);
        float[][][] f = Arrays.copyOfRange(features, offset, offset + n);
        int[] labels = new int[n];
        String[] sources = new String[n];
        int i = 0;
        for (Dataset d : datasets) {
            for (LabeledText row : d.rows()) {
                labels[i] = row.label();
                sources[i++] = row.source();
            }
        }
        return new LabeledFeatures(f, labels, sources);
    }

    private static int rows(List<Dataset> datasets) {
        return datasets.stream().mapToInt(d -> d.rows().size()).sum();
    }

    private Provenance provenance(TrainedSiren model, List<Dataset> train, List<Dataset> validation, List<Dataset> dev,
                                  Map<String, Evaluation> devResults) {
        List<Provenance.DataFile> files = new ArrayList<>();
        train.forEach(d -> files.add(new Provenance.DataFile("train", d.file().toString(), d.sha256(), d.rows().size())));
        validation.forEach(d -> files.add(new Provenance.DataFile("validation", d.file().toString(), d.sha256(), d.rows().size())));
        dev.forEach(d -> files.add(new Provenance.DataFile("dev", d.file().toString(), d.sha256(), d.rows().size())));
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
        if (!sourceWeights.isEmpty()) hp.put("source_weights", String.join(",", sourceWeights));
        hp.put("search_trials", model.options().searchTrials());
        hp.put("search_folds", model.options().searchFolds());
        hp.put("seed", model.options().seed());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(model.search() != null ? "cv_mean_macro_f1" : "validation_macro_f1", model.selectionScore());
        if (!devResults.isEmpty()) {
            metrics.put("dev", JSON.convertValue(EvaluationTable.json(devResults), Map.class));
        }
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), SirenVersion.current(), files,
                counts, hp, metrics);
    }

    private ObjectNode context(BackboneSource source, List<Dataset> train, List<Dataset> validation, List<Dataset> dev) {
        ObjectNode c = JSON.createObjectNode();
        c.put("backbone", source.id());
        c.put("max_length", maxLength);
        c.put("project_version", SirenVersion.current());
        ArrayNode files = c.putArray("data_files");
        for (var entry : List.of(Map.entry("train", train), Map.entry("validation", validation), Map.entry("dev", dev))) {
            for (Dataset d : entry.getValue()) {
                ObjectNode f = files.addObject();
                f.put("role", entry.getKey());
                f.put("path", d.file().toString());
                f.put("sha256", d.sha256());
                f.put("rows", d.rows().size());
                f.put("harmful", d.harmfulRows());
                f.put("bad_rows_skipped", d.badRows().size());
            }
        }
        return c;
    }
}
