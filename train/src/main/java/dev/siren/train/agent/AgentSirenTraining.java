package dev.siren.train.agent;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.decoder.DecoderBackbone;
import dev.siren.engine.decoder.LastTokenReadout;
import dev.siren.guard.SirenVersion;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.agent.AgentHead;
import dev.siren.guard.agent.AgentHeadWriter;
import dev.siren.guard.agent.ConversationTokens;
import dev.siren.guard.head.Provenance;
import dev.siren.guard.progress.Progress;
import dev.siren.tokenizer.chat.ChatFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code siren train --method agent-siren}: reads labelled conversations ({@link ConversationFile}), reads the last
 * token's hidden state at every candidate depth of a decoder backbone (one run per batch, up to the deepest
 * candidate), trains the readout ({@link AgentSirenTrainer}) and writes the head with its provenance, plus
 * training_report.json / .md, into the output folder.
 */
public final class AgentSirenTraining {

    /**
     * @param hiddenStates candidate depths (Hugging Face numbering); empty means every layer's output, 1 to N
     * @param maxTokens    tokens read per conversation, cut head-and-tail
     * @param threads      backbone threads, 0 for all cores
     */
    public record Options(String backbone, List<Path> trainFiles, Path out, int[] hiddenStates,
                          AgentSirenTrainer.Options training, int maxTokens, int batchSize, int threads) {
    }

    /** What was written: the head and the training result. */
    public record Outcome(Path out, AgentHead head, AgentSirenTrainer.Result result) {
    }

    private AgentSirenTraining() {
    }

    public static Outcome run(Options options, Progress progress) throws IOException {
        List<ConversationFile> files = options.trainFiles().stream().map(ConversationFile::read).toList();
        List<LabeledConversation> rows = new ArrayList<>();
        files.forEach(f -> rows.addAll(f.rows()));
        BackboneLocation location = BackboneLocation.resolve(options.backbone());
        if (!(location instanceof BackboneLocation.Folder folder)) {
            throw new IllegalArgumentException("an Agent-SIREN head reads a decoder with a chat template; '"
                    + options.backbone() + "' is an embedded encoder");
        }
        BackboneOptions engine = options.threads() > 0 ? BackboneOptions.defaults().withThreads(options.threads())
                : BackboneOptions.defaults();
        try (Backbone backbone = folder.open(engine)) {
            if (!(backbone instanceof DecoderBackbone decoder)) {
                throw new IllegalArgumentException("an Agent-SIREN head reads a decoder's last token; "
                        + options.backbone() + " is a " + backbone.info().architecture() + " encoder");
            }
            int layers = backbone.info().numLayers();
            int[] depths = options.hiddenStates().length > 0 ? options.hiddenStates().clone()
                    : IntStream.rangeClosed(1, layers).toArray();
            Arrays.sort(depths);
            int maxTokens = Math.min(options.maxTokens(), backbone.info().maxPositions());
            float[][][] features = extract(decoder.lastTokenReadout(depths), ChatFormat.forTokenizer(folder.dir()),
                    TokenEncoder.of(location.tokenizer()), rows, maxTokens, options.batchSize(), progress);
            int[] labels = rows.stream().mapToInt(LabeledConversation::label).toArray();
            String[] sources = rows.stream().map(LabeledConversation::source).toArray(String[]::new);
            AgentSirenTrainer.Result result = new AgentSirenTrainer(options.training(), progress)
                    .train(depths, features, labels, sources);
            AgentHead head = new AgentHead(options.backbone(), null, result.hiddenState(), maxTokens, result.weight(),
                    result.bias(), options.training().threshold());
            AgentHeadWriter.write(head, provenance(options, depths, maxTokens, files, rows.size(), result),
                    options.out());
            AgentTrainingReport.write(options.out(), head, result, files);
            return new Outcome(options.out(), head, result);
        }
    }

    /** {@code [depth][row][hidden]}. */
    private static float[][][] extract(LastTokenReadout readout, ChatFormat format, TokenEncoder tokenizer,
                                       List<LabeledConversation> rows, int maxTokens, int batchSize, Progress progress) {
        float[][][] features = new float[readout.hiddenStates().length][rows.size()][];
        try (Progress.Task task = progress.start("last-token states", rows.size(), "conversations")) {
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<int[]> batch = new ArrayList<>();
                for (LabeledConversation row : rows.subList(from, Math.min(rows.size(), from + batchSize))) {
                    batch.add(ConversationTokens.of(row.conversation(), format, tokenizer, maxTokens));
                }
                float[][][] states = readout.states(batch);
                for (int b = 0; b < states.length; b++) {
                    for (int k = 0; k < states[b].length; k++) {
                        features[k][from + b] = states[b][k];
                    }
                }
                task.advance(batch.size());
            }
        }
        return features;
    }

    private static Provenance provenance(Options options, int[] depths, int maxTokens, List<ConversationFile> files,
                                         int rows, AgentSirenTrainer.Result result) {
        List<Provenance.DataFile> dataFiles = files.stream()
                .map(f -> new Provenance.DataFile("train", f.file().toString(), f.sha256(), f.rows().size())).toList();
        AgentSirenTrainer.Options t = options.training();
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("method", "agent-siren");
        hyper.put("candidate_hidden_states", Arrays.stream(depths).boxed().toList());
        hyper.put("c_grid", Arrays.stream(t.cGrid()).boxed().toList());
        hyper.put("penalty", t.penalty().name().toLowerCase(java.util.Locale.ROOT));
        hyper.put("folds", t.folds());
        hyper.put("cv_grouped_by_source", result.grouped());
        hyper.put("seed", t.seed());
        hyper.put("max_tokens", maxTokens);
        hyper.put("hidden_state", result.hiddenState());
        hyper.put("c", result.c());
        Map<String, Object> metrics = new LinkedHashMap<>();
        result.candidates().stream().filter(c -> c.hiddenState() == result.hiddenState() && c.c() == result.c())
                .findFirst().ifPresent(c -> {
                    metrics.put("cv_macro_f1", c.macroF1());
                    metrics.put("cv_auroc", c.auroc());
                });
        Map<String, Object> loso = new LinkedHashMap<>();
        for (AgentSirenTrainer.HeldOutSource h : result.leaveOneSourceOut()) {
            loso.put(h.source(), Map.of("rows", h.evaluation().rows(), "harmful", h.evaluation().harmful(),
                    "macro_f1", h.evaluation().macroF1(), "auroc", h.evaluation().auroc(),
                    "hidden_state", h.hiddenState(), "c", h.c()));
        }
        metrics.put("leave_one_source_out", loso);
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), SirenVersion.current(),
                dataFiles, Map.of("train", rows), hyper, metrics);
    }
}
