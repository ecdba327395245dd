package dev.siren.engine.decoder;

import dev.siren.engine.LayerSink;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.DecoderConfigReader;
import dev.siren.engine.config.ModelConfigFile;
import dev.siren.engine.kernels.HugePageArena;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.weights.ModelWeights;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Llama-family decoder (Qwen3, Llama 3, Qwen2, Mistral) over memory-mapped weights: embedding, then per layer
 * {@code h = x + o(attn(rmsnorm(x)))}, {@code x = h + down(silu(gate(n)) * up(n))} with {@code n = rmsnorm(h)}.
 * Every layer's output goes to a {@link LayerSink}; the final norm and LM head run only for {@link #lastTokenLogits}.
 *
 * <p>A forward step packs the new tokens of several sequences into one matrix (no padding rows), so all
 * projections are single GEMMs, while attention runs per sequence and head over that sequence's KV cache.
 * Thread-safe: steps may run concurrently and share the compute threads.
 */
public final class DecoderModel implements AutoCloseable {

    private final DecoderConfig config;
    private final ModelWeights files;
    private final DecoderWeights weights;
    private final RopeTable rope;
    private final Attention attention;
    private final Parallel parallel;
    /** Holds the packed weights; closed with the model. */
    private final Arena arena = HugePageArena.ofShared();
    private final AtomicReference<Workspace> spareWorkspace = new AtomicReference<>();

    private DecoderModel(DecoderConfig config, ModelWeights files, int threads) {
        this.config = config;
        this.files = files;
        this.parallel = new Parallel(threads);
        try {
            this.weights = DecoderWeights.load(files, config, arena, parallel);
        } catch (RuntimeException e) {
            parallel.close();
            arena.close();
            throw e;
        }
        this.rope = new RopeTable(config.rope(), config.headDim());
        this.attention = new Attention(config);
    }

    /** Opens a Hugging Face model folder (config.json + safetensors) with {@code threads} compute threads. */
    public static DecoderModel open(Path dir, int threads) {
        DecoderConfig config = DecoderConfigReader.read(ModelConfigFile.read(dir));
        ModelWeights files = ModelWeights.open(dir);
        DecoderModel model = null;
        try {
            model = new DecoderModel(config, files, threads);
            return model;
        } finally {
            if (model == null) {
                files.close();
            }
        }
    }

    public DecoderConfig config() {
        return config;
    }

    public Path dir() {
        return files.dir();
    }

    /** Runs whole sequences (positions from 0) and hands every layer's output of every sequence to {@code sink}. */
    public void layerOutputs(List<int[]> sequences, LayerSink sink) {
        List<Segment> segments = sequences.stream()
                .map(ids -> new Segment(ids, 0, new KvCache(1, config.kvDim(), ids.length, ids.length)))
                .toList();
        forward(segments, sink);
    }

    /** Logits at the last token of {@code ids}: final RMSNorm, then the LM head (tied to the embedding if so configured). */
    public float[] lastTokenLogits(int[] ids) {
        int d = config.hiddenSize();
        float[] last = new float[d];
        layerOutputs(List.of(ids), (layer, seg, x, off, rows) -> {
            if (layer == config.numLayers() - 1) {
                System.arraycopy(x, off + (rows - 1) * d, last, 0, d);
            }
        });
        float[] normed = finalNorm(last);
        WeightMatrix head = DecoderWeights.lmHead(files, config);
        float[] logits = new float[head.rows()];
        Kernels.matmulTransposed(normed, 0, d, 1, head, logits, 0, head.rows(), false, parallel);
        return logits;
    }

    /** The final RMSNorm of one hidden state (what Hugging Face reports as the last {@code hidden_states}). */
    float[] finalNorm(float[] x) {
        float[] normed = new float[x.length];
        Kernels.rmsNorm(x, 0, weights.finalNorm(), (float) config.rmsNormEps(), normed, 0, x.length);
        return normed;
    }

    /** One step: the new tokens of every segment through all layers. */
    void forward(List<Segment> segments, LayerSink sink) {
        forward(segments, config.numLayers(), sink);
    }

    /**
     * One step through the first {@code layers} layers only: an exact early exit, since a layer's output depends on
     * the layers before it alone. The segments' caches need slots for those layers only.
     */
    void forward(List<Segment> segments, int layers, LayerSink sink) {
        if (layers < 1 || layers > config.numLayers()) {
            throw new IllegalArgumentException("can run 1 to " + config.numLayers() + " layers, asked for " + layers);
        }
        int rows = 0;
        int maxEnd = 0;
        for (Segment s : segments) {
            rows += s.ids().length;
            maxEnd = Math.max(maxEnd, s.end());
        }
        if (maxEnd > config.maxPositions()) {
            throw new IllegalArgumentException("input of " + maxEnd + " tokens exceeds the model's max_position_embeddings "
                    + config.maxPositions());
        }
        Workspace ws = takeWorkspace(rows);
        try {
            int[] rowBase = new int[segments.size()];
            int r = 0;
            for (int si = 0; si < segments.size(); si++) {
                Segment s = segments.get(si);
                rowBase[si] = r;
                s.cache().ensureCapacity(s.end());
                for (int t = 0; t < s.ids().length; t++, r++) {
                    int id = s.ids()[t];
                    if (id < 0 || id >= config.vocabSize()) {
                        throw new IllegalArgumentException("token id " + id + " (sequence " + si + ", position " + t
                                + ") is outside the vocabulary [0, " + config.vocabSize() + ")");
                    }
                    ws.ids[r] = id;
                    ws.positions[r] = s.start() + t;
                }
            }
            float[][] cosSin = rope.upTo(maxEnd);
            embed(ws, rows);
            for (int layer = 0; layer < layers; layer++) {
                runLayer(layer, segments, rowBase, ws, rows, cosSin);
                for (int si = 0; si < segments.size(); si++) {
                    sink.accept(layer, si, ws.x, rowBase[si] * config.hiddenSize(), segments.get(si).ids().length);
                }
            }
        } finally {
            spareWorkspace.set(ws);
        }
    }

    private void embed(Workspace ws, int rows) {
        int d = config.hiddenSize();
        parallel.forRange(rows, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                Kernels.toFloat(weights.embedding(), ws.ids[r], 1, ws.x, r * d);
            }
        });
    }

    private void runLayer(int layer, List<Segment> segments, int[] rowBase, Workspace ws, int rows, float[][] cosSin) {
        LayerWeights lw = weights.layers()[layer];
        int d = config.hiddenSize();
        int qd = config.queryDim();
        int kvd = config.kvDim();
        int inter = config.intermediateSize();
        float eps = (float) config.rmsNormEps();

        normRows(ws.x, lw.inputNorm(), ws.normed, rows);
        // q, k and v in one parallel pass over their output panels: one synchronisation instead of three
        int qPanels = lw.q().panels();
        int kPanels = lw.k().panels();
        parallel.forRange(qPanels + kPanels + lw.v().panels(), 1, (from, to) -> {
            projectPanels(ws.normed, rows, lw.q(), lw.qBias(), 0, from, to, ws.q);
            projectPanels(ws.normed, rows, lw.k(), lw.kBias(), qPanels, from, to, ws.k);
            projectPanels(ws.normed, rows, lw.v(), lw.vBias(), qPanels + kPanels, from, to, ws.v);
        });
        parallel.forRange(rows, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                prepareQueryKey(lw, ws, r, cosSin, eps);
            }
        });
        for (int si = 0; si < segments.size(); si++) {
            Segment s = segments.get(si);
            int n = s.ids().length;
            s.cache().write(layer, s.start(), n, ws.k, ws.v, rowBase[si]);
        }
        int heads = config.numHeads();
        int window = config.slidingWindows()[layer];
        parallel.forEach(segments.size() * heads, (task, unused) -> {
            Segment s = segments.get(task / heads);
            attention.run(ws.q, rowBase[task / heads], s, layer, task % heads, window, ws.attention);
        });
        Kernels.matmulTransposed(ws.attention, 0, qd, rows, lw.o(), ws.x, 0, d, true, lw.oBias(), parallel);

        normRows(ws.x, lw.postAttentionNorm(), ws.normed, rows);
        // gate, up and silu(gate) * up in one pass: each thread owns the same columns of gate and up
        parallel.forRange(lw.gate().panels(), 1, (from, to) -> {
            projectPanels(ws.normed, rows, lw.gate(), lw.gateBias(), 0, from, to, ws.gate);
            projectPanels(ws.normed, rows, lw.up(), lw.upBias(), 0, from, to, ws.up);
            int col0 = from * PackedWeights.PANEL;
            int cols = Math.min(inter, to * PackedWeights.PANEL) - col0;
            for (int r = 0; r < rows; r++) {
                int off = r * inter + col0;
                Kernels.siluMul(ws.gate, off, ws.up, off, cols);
            }
        });
        Kernels.matmulTransposed(ws.gate, 0, inter, rows, lw.down(), ws.x, 0, d, true, lw.downBias(), parallel);
    }

    /**
     * The part of a fused projection pass that falls on weight {@code w}: global panels {@code [from, to)}, of which
     * w's are {@code [base, base + w.panels())}.
     */
    private static void projectPanels(float[] in, int rows, PackedWeights w, float[] bias, int base, int from, int to,
                                      float[] out) {
        int f = Math.max(from - base, 0);
        int t = Math.min(to - base, w.panels());
        if (f < t) {
            Kernels.matmulTransposedPanels(in, 0, w.cols(), rows, w, f, t, out, 0, w.rows(), false, bias);
        }
    }

    /** Qwen3's per-head q/k RMSNorm, then RoPE on every query and key head of row r. */
    private void prepareQueryKey(LayerWeights lw, Workspace ws, int r, float[][] cosSin, float eps) {
        int hd = config.headDim();
        int qd = config.queryDim();
        int kvd = config.kvDim();
        int csOff = ws.positions[r] * rope.half();
        for (int h = 0; h < config.numHeads(); h++) {
            int off = r * qd + h * hd;
            if (lw.qNorm() != null) {
                Kernels.rmsNorm(ws.q, off, lw.qNorm(), eps, ws.q, off, hd);
            }
            Kernels.rope(ws.q, off, cosSin[0], cosSin[1], csOff, hd);
        }
        for (int h = 0; h < config.numKvHeads(); h++) {
            int off = r * kvd + h * hd;
            if (lw.kNorm() != null) {
                Kernels.rmsNorm(ws.k, off, lw.kNorm(), eps, ws.k, off, hd);
            }
            Kernels.rope(ws.k, off, cosSin[0], cosSin[1], csOff, hd);
        }
    }

    private void normRows(float[] x, float[] weight, float[] out, int rows) {
        int d = config.hiddenSize();
        float eps = (float) config.rmsNormEps();
        parallel.forRange(rows, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                Kernels.rmsNorm(x, r * d, weight, eps, out, r * d, d);
            }
        });
    }

    private Workspace takeWorkspace(int rows) {
        Workspace ws = spareWorkspace.getAndSet(null);
        return ws != null && ws.capacity >= rows ? ws : new Workspace(config, rows);
    }

    @Override
    public void close() {
        parallel.close();
        arena.close();
        files.close();
    }
}
