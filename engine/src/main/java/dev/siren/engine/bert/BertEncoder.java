package dev.siren.engine.bert;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.MeanPool;
import dev.siren.engine.ModelInfo;
import dev.siren.engine.config.BertConfig;
import dev.siren.engine.config.BertConfigReader;
import dev.siren.engine.config.ModelConfigFile;
import dev.siren.engine.kernels.HugePageArena;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.onnx.OnnxGraph;
import dev.siren.engine.weights.ModelWeights;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A BERT encoder (Hugging Face BertModel without pooler) as a SIREN backbone: the feature of layer l is the mean
 * over a text's tokens of encoder layer l's output. Thread-safe: weights are shared, every call works in its
 * own buffers (kept for the next call), and the encoder's worker threads run the matrix products.
 */
public final class BertEncoder implements Backbone {

    private final BertWeights weights;
    private final ModelInfo info;
    private final Parallel parallel;
    /** Holds the packed Linear weights; freed by {@link #close}. */
    private final Arena arena;
    /** Tokens per forward pass: sequences are grouped up to this many so activations stay a few MB. */
    private final int tokensPerPass;
    /** Activation buffers kept between calls (see {@link BertForward.Buffers}). */
    private final AtomicReference<BertForward.Buffers> spareBuffers = new AtomicReference<>();

    /** The encoder of {@code source}, with {@code adapter} (nullable) merged into its Linear weights. */
    BertEncoder(BertConfig config, BertTensorSource source, String sourceName, BackboneOptions options,
                LoraAdapter adapter) {
        this.info = new ModelInfo("bert", config.numLayers(), config.hiddenSize(), config.maxPositions(),
                adapter == null ? sourceName : sourceName + " with the LoRA adapter " + adapter.dir());
        this.parallel = new Parallel(options.threads());
        this.arena = HugePageArena.ofShared();
        this.tokensPerPass = options.maxStepTokens();
        try {
            if (adapter == null) {
                this.weights = BertWeights.load(config, source, arena, parallel);
            } else {
                LoraBertSource adapted = new LoraBertSource(source, adapter);
                this.weights = BertWeights.load(config, adapted, arena, parallel);
                adapted.checkAllApplied();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An encoder from a Hugging Face folder (config.json with model_type "bert", safetensors weights). */
    public static BertEncoder open(Path dir, BackboneOptions options) {
        return open(dir, options, null);
    }

    /** {@link #open(Path, BackboneOptions)} with a LoRA adapter (nullable) merged into the weights. */
    public static BertEncoder open(Path dir, BackboneOptions options, LoraAdapter adapter) {
        BertConfig config = BertConfigReader.read(ModelConfigFile.read(dir));
        try (ModelWeights files = ModelWeights.open(dir)) {
            // the weights are copied (packed, or upcast to fp32) at load, so the mapped files can be closed at once
            return new BertEncoder(config, new SafetensorsBertSource(files), dir.toString(), options, adapter);
        }
    }

    /** An encoder from an ONNX export of BertModel. */
    public static BertEncoder fromOnnx(OnnxGraph graph, BackboneOptions options) {
        OnnxBertSource source = new OnnxBertSource(graph);
        return new BertEncoder(source.config(), source, graph.source(), options, null);
    }

    public BertConfig config() {
        return weights.config();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Token types are all 0, as for single-segment texts. */
    @Override
    public float[][][] layerMeans(List<int[]> sequences) {
        return layerMeans(sequences, null);
    }

    /**
     * The mean over each sequence's tokens of every layer's output: {@code [sequence][layer][hidden]}.
     *
     * @param tokenTypes one array per sequence (same lengths as the ids), or null for all zeros
     */
    public float[][][] layerMeans(List<int[]> sequences, List<int[]> tokenTypes) {
        validate(sequences, tokenTypes);
        int layers = info.numLayers();
        int hidden = info.hiddenSize();
        float[][][] means = new float[sequences.size()][][];
        for (int[] group : groups(sequences, tokensPerPass)) {
            int[][] ids = new int[group.length][];
            int[][] types = tokenTypes == null ? null : new int[group.length][];
            MeanPool[] pools = new MeanPool[group.length];
            for (int g = 0; g < group.length; g++) {
                ids[g] = sequences.get(group[g]);
                if (types != null) {
                    types[g] = tokenTypes.get(group[g]);
                }
                pools[g] = new MeanPool(layers, hidden);
            }
            BertForward.run(weights, parallel, spareBuffers, ids, types,
                    (layer, g, h, offset, rows) -> pools[g].add(layer, h, offset, rows));
            for (int g = 0; g < group.length; g++) {
                means[group[g]] = pools[g].means();
            }
        }
        return means;
    }

    /** Every layer's full output for one sequence: {@code [layer][token][hidden]} (for tests and inspection). */
    public float[][][] layerOutputs(int[] ids, int[] tokenTypes) {
        validate(List.of(ids), tokenTypes == null ? null : List.of(tokenTypes));
        int hidden = info.hiddenSize();
        float[][][] outputs = new float[info.numLayers()][ids.length][hidden];
        BertForward.run(weights, parallel, spareBuffers, new int[][] {ids},
                tokenTypes == null ? null : new int[][] {tokenTypes},
                (layer, sequence, h, offset, rows) -> {
                    for (int t = 0; t < rows; t++) {
                        System.arraycopy(h, offset + t * hidden, outputs[layer][t], 0, hidden);
                    }
                });
        return outputs;
    }

    @Override
    public boolean isCausal() {
        return false;
    }

    @Override
    public IncrementalSequence newSequence(int maxTokens, int maxRollback) {
        throw new UnsupportedOperationException("BERT is a bidirectional encoder: every token's layer outputs depend on "
                + "the whole text, so a sequence cannot grow token by token; score the whole text with layerMeans");
    }

    /** Frees the weights; no call may be running or start afterwards. */
    @Override
    public void close() {
        parallel.close();
        arena.close();
    }

    /** Consecutive sequences grouped up to maxTokens tokens (a longer sequence forms its own group). */
    private static List<int[]> groups(List<int[]> sequences, int maxTokens) {
        List<int[]> groups = new ArrayList<>();
        int from = 0;
        while (from < sequences.size()) {
            int to = from + 1;
            int tokens = sequences.get(from).length;
            while (to < sequences.size() && tokens + sequences.get(to).length <= maxTokens) {
                tokens += sequences.get(to).length;
                to++;
            }
            int[] group = new int[to - from];
            for (int i = 0; i < group.length; i++) {
                group[i] = from + i;
            }
            groups.add(group);
            from = to;
        }
        return groups;
    }

    private void validate(List<int[]> sequences, List<int[]> tokenTypes) {
        BertConfig config = weights.config();
        if (tokenTypes != null && tokenTypes.size() != sequences.size()) {
            throw new IllegalArgumentException(sequences.size() + " sequences but " + tokenTypes.size() + " token-type arrays");
        }
        for (int s = 0; s < sequences.size(); s++) {
            int[] ids = sequences.get(s);
            if (ids.length == 0) {
                throw new IllegalArgumentException("sequence " + s + " is empty: a mean over no tokens is undefined");
            }
            if (ids.length > config.maxPositions()) {
                throw new IllegalArgumentException("sequence " + s + " has " + ids.length + " tokens, more than the "
                        + config.maxPositions() + " positions of " + info.source() + "; truncate it first");
            }
            checkRange(ids, config.vocabSize(), "token id", s);
            if (tokenTypes != null) {
                int[] types = tokenTypes.get(s);
                if (types.length != ids.length) {
                    throw new IllegalArgumentException("sequence " + s + " has " + ids.length + " ids but "
                            + types.length + " token types");
                }
                checkRange(types, config.typeVocabSize(), "token type", s);
            }
        }
    }

    private static void checkRange(int[] values, int limit, String what, int sequence) {
        for (int t = 0; t < values.length; t++) {
            if (values[t] < 0 || values[t] >= limit) {
                throw new IllegalArgumentException("sequence " + sequence + ", position " + t + ": " + what + " "
                        + values[t] + " is outside [0, " + limit + ")");
            }
        }
    }
}
