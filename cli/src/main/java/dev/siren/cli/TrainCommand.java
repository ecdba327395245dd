package dev.siren.cli;

import dev.siren.guard.SirenCache;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.train.SirenTrainingOptions;
import dev.siren.train.SourceWeights;
import dev.siren.train.data.BenignAnswerPrefixes;
import dev.siren.train.data.Dataset;
import dev.siren.train.pipeline.PipelineSettings;
import dev.siren.train.pipeline.TextBackbone;
import dev.siren.train.pipeline.TrainingPipeline;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code siren train}: extracts features with a backbone (cached), trains a SIREN head and writes it with a report. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Train a SIREN head on a frozen backbone (or, with --method agent-siren, an Agent-SIREN head on"
                        + " labelled conversations: docs/agent-siren.md).",
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

    @Option(names = "--backbone", required = true, paramLabel = "NAME_OR_DIR",
            description = "An embedded encoder (all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2), a Hugging Face model folder, or a PEFT LoRA adapter folder on a BERT encoder.")
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

    @Option(names = "--source-weight", paramLabel = "SOURCE=N",
            description = "Repeat the training rows of a source N times (validation rows are never repeated); repeat the option or separate entries with commas, e.g. saferlhf_train=3,beavertails_train=3.")
    List<String> sourceWeights = List.of();

    @Option(names = "--benign-prefixes", split = ",", paramLabel = "N",
            description = "Also train on the first N characters of every benign answer in --train, labelled benign, so that a streamed answer is judged by what has arrived rather than by its question (docs/default-guard.md); needs --validation, e.g. 32,96.")
    List<Integer> benignPrefixes = List.of();

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

    @Mixin
    AgentTrainMethod agentMethod;

    @Spec
    CommandSpec spec;

    private SourceWeights weights;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            boolean agent = agentMethod.selected();
            if (agent) {
                refuseSirenOnlyOptions();
            }
            validate();
            if (agent) {
                agentMethod.run(this, spec.commandLine().getParseResult().hasMatchedOption("--max-length"),
                        spec.commandLine().getOut(), err);
                return 0;
            }
            run(err);
            return 0;
        } catch (CliException | IllegalArgumentException | IOException e) { // the data or options cannot be used
            err.println("siren train: " + e.getMessage());
            return ExitCodes.ERROR;
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
        if (!benignPrefixes.isEmpty() && validationFiles.isEmpty()) {
            throw new CliException("--benign-prefixes needs --validation: prefixes are made of every --train row, so a"
                    + " split of --train would validate on rows whose prefixes were trained on");
        }
        try {
            weights = SourceWeights.parse(sourceWeights);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** Options only the SIREN method reads: with agent-siren they would be silently ignored, so they are refused. */
    private static final List<String> SIREN_ONLY = List.of("--validation", "--dev", "--val-fraction", "--trials",
            "--max-epochs", "--patience", "--final-epochs", "--adam-probes", "--eta", "--baseline", "--ensemble",
            "--source-weight", "--benign-prefixes", "--cache", "--no-cache");

    private void refuseSirenOnlyOptions() {
        List<String> given = SIREN_ONLY.stream()
                .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
        if (!given.isEmpty()) {
            throw new CliException(String.join(", ", given) + " only apply to --method siren, not agent-siren"
                    + " (docs/agent-siren.md)");
        }
    }

    private void run(PrintWriter err) throws IOException {
        List<Dataset> train = data.read(trainFiles, err);
        if (!benignPrefixes.isEmpty()) {
            Dataset prefixes = BenignAnswerPrefixes.of(train, benignPrefixes);
            err.println(prefixes.rows().size() + " benign answer prefixes added to the training rows (" + prefixes.name()
                    + ")");
            train = new ArrayList<>(train);
            train.add(prefixes);
        }
        List<Dataset> validation = data.read(validationFiles, err);
        List<Dataset> dev = data.read(devFiles, err);
        try (BackboneSource source = BackboneSource.open(backboneName)) {
            PipelineSettings settings = new PipelineSettings(maxLength, threshold, batchSize,
                    noCache ? null : cacheDir != null ? cacheDir : SirenCache.root().resolve("features"));
            TrainingPipeline.Result result = new TrainingPipeline(options(), settings, ConsoleProgress.on(err))
                    .train(new TextBackbone(source.id(), source.cacheKey(), source.backbone(),
                            TokenEncoder.of(source.tokenizer())), train, validation, dev, out);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("head written to %s (input width %d, %s); report: %s%n", out, result.model().width(),
                    result.model().hyperParameters(), out.resolve(TrainingReport.MARKDOWN_FILE));
            if (!result.dev().isEmpty()) {
                stdout.print(EvaluationTable.markdown(result.dev()));
            }
            stdout.flush();
        }
    }

    private SirenTrainingOptions options() {
        SirenTrainingOptions defaults = SirenTrainingOptions.defaults();
        SirenTrainingOptions.Builder b = defaults.toBuilder().seed(seed).validationFraction(valFraction)
                .threads(threads != null ? threads : defaults.threads())
                .epochs(maxEpochs, patience, finalEpochs).eta(eta).lastLayerOnly(baseline).ensemble(ensemble)
                .sourceWeights(weights);
        if (adamProbes) {
            b.adamProbes(cGrid != null ? cGrid : SirenTrainingOptions.ADAM_C_GRID);
        } else {
            b.liblinearProbes(cGrid != null ? cGrid : SirenTrainingOptions.LIBLINEAR_C_GRID, defaults.probeTolerance());
        }
        return (trials == 0 ? b.fixedHead(SirenTrainingOptions.REFERENCE_HEAD) : b.search(trials, folds)).build();
    }
}
