package dev.siren.engine.bert;

import dev.siren.engine.LayerSink;
import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.EncoderKernels;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.Scratch;
import dev.siren.engine.kernels.Simd;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One forward pass of a BERT encoder over a group of sequences stacked row by row, without padding: the
 * Linear layers run as one GEMM over all the group's tokens, attention runs per (sequence, head). No mask is
 * needed because no sequence sees another's rows. After every layer the sink receives each sequence's rows of the output.
 */
final class BertForward {

    /**
     * Most rows per GEMM task. Every task streams all of W from L3 (a MiniLM layer's weights do not fit in L2), so
     * larger blocks stream less: 128 rows measured 8-10 % faster than 64 per CPU second, 192 no better than 128.
     */
    private static final int MAX_ROW_BLOCK = 128;
    /**
     * Row blocks are cut at multiples of the GEMM's tallest register tile: a block's last partial tile costs a full
     * one, so a 124-row block costs as much as a 128-row one.
     */
    private static final int TILE_ROWS = 8;
    /** Queries per attention block: their scores (64 x 512 floats at most, 128 KB) stay in L2. */
    private static final int QUERY_BLOCK = 64;

    private final BertWeights weights;
    private final Parallel parallel;
    private final int hidden;
    private final int heads;
    private final int headDim;
    private final int[] starts;
    private final int[] lengths;
    private final int tokens;

    private BertForward(BertWeights weights, Parallel parallel, int[][] ids) {
        this.weights = weights;
        this.parallel = parallel;
        BertConfig config = weights.config();
        this.hidden = config.hiddenSize();
        this.heads = config.numHeads();
        this.headDim = config.headDim();
        this.starts = new int[ids.length];
        this.lengths = new int[ids.length];
        int total = 0;
        for (int s = 0; s < ids.length; s++) {
            starts[s] = total;
            lengths[s] = ids[s].length;
            total += ids[s].length;
        }
        this.tokens = total;
    }

    /**
     * The activations of a pass over up to {@code capacity} tokens. The encoder keeps one between calls: a pass of
     * 1024 tokens (the default) needs 14 MB of them for bge-small, a 32 x 128 batch 57 MB over its passes, and
     * allocating them anew every pass put the work on memory the process had not touched yet whenever the heap had
     * grown, whose page faults (expensive in a VM) halved the throughput of whole runs.
     */
    static final class Buffers {
        final int capacity;
        final float[] h;
        final float[] qkv;
        final float[] context;
        final float[] intermediate;

        Buffers(BertConfig config, int capacity) {
            this.capacity = capacity;
            int hidden = config.hiddenSize();
            h = new float[capacity * hidden];
            qkv = new float[capacity * 3 * hidden];
            context = new float[capacity * hidden];
            intermediate = new float[capacity * config.intermediateSize()];
        }
    }

    /**
     * @param spare      buffers kept between passes: taken for this pass (new ones, in steps of 64 tokens so that a
     *                   growing streamed text does not need new buffers at every chunk, when another pass holds them
     *                   or they are too small) and put back after it, so concurrent passes each work in their own
     * @param tokenTypes per sequence, or null for all zeros
     */
    static void run(BertWeights weights, Parallel parallel, AtomicReference<Buffers> spare, int[][] ids,
                    int[][] tokenTypes, LayerSink sink) {
        BertForward pass = new BertForward(weights, parallel, ids);
        Buffers buffers = spare.getAndSet(null);
        if (buffers == null || buffers.capacity < pass.tokens) {
            buffers = new Buffers(weights.config(), Math.ceilDiv(pass.tokens, 64) * 64);
        }
        pass.run(buffers, ids, tokenTypes, sink);
        spare.set(buffers);
    }

    private void run(Buffers buffers, int[][] ids, int[][] tokenTypes, LayerSink sink) {
        BertConfig config = weights.config();
        float[] h = buffers.h;
        float[] qkv = buffers.qkv;
        float[] context = buffers.context;
        float[] intermediate = buffers.intermediate;
        embed(ids, tokenTypes, h);
        for (int l = 0; l < config.numLayers(); l++) {
            BertWeights.Layer layer = weights.layers().get(l);
            linear(h, layer.queryKeyValue(), qkv, false, false, null);
            attention(qkv, context);
            // the residual stream h is updated in place: h = LayerNorm(h + context·W + b), and so on
            linear(context, layer.attentionOutput(), h, true, false, layer.attentionNorm());
            linear(h, layer.intermediate(), intermediate, false, true, null);
            linear(intermediate, layer.output(), h, true, false, layer.outputNorm());
            for (int s = 0; s < starts.length; s++) {
                sink.accept(l, s, h, starts[s] * hidden, lengths[s]);
            }
        }
    }

    private void embed(int[][] ids, int[][] tokenTypes, float[] h) {
        BertWeights.Embeddings e = weights.embeddings();
        parallel.forEach(ids.length, (s, end) -> {
            for (int t = 0; t < lengths[s]; t++) {
                int row = (starts[s] + t) * hidden;
                int type = tokenTypes == null ? 0 : tokenTypes[s][t];
                System.arraycopy(e.word(), ids[s][t] * hidden, h, row, hidden);
                Kernels.add(h, row, e.position(), t * hidden, hidden);
                Kernels.add(h, row, e.tokenType(), type * hidden, hidden);
                EncoderKernels.layerNorm(h, row, hidden, e.norm().weight(), e.norm().bias(), weights.config().layerNormEps());
            }
        });
    }

    /**
     * y = x·W + bias, or y += x·W + bias where {@code accumulate} (the residual stream, updated in place), then GELU or
     * LayerNorm if asked. Up to 128 tokens (a prompt) are one row block
     * and the threads split W's columns: each thread streams only its share of W, which for a 64-token prompt on 2
     * threads took 10 % less CPU time than splitting the rows (both threads streaming all of W); the LayerNorm
     * then runs after the join. Longer inputs are split into row blocks of up to 128 rows, each task sweeping all
     * of W and normalising its complete rows itself. The blocks come in a multiple of the thread count and differ by
     * at most one tile, so the threads finish together: 32 prompts of 14 tokens (448 rows) are four blocks of 112
     * rows; blocks of 128 (128 + 128 on one thread, 128 + 64 on the other) left one thread idle a quarter of the time.
     */
    private void linear(float[] x, BertWeights.Linear linear, float[] y, boolean accumulate, boolean gelu,
                        BertWeights.Norm norm) {
        PackedWeights w = linear.weight();
        int in = w.cols();
        int out = w.rows();
        int panels = w.panels();
        int threads = parallel.threads();
        int tiles = Math.ceilDiv(tokens, TILE_ROWS);
        int rowBlocks = tokens <= MAX_ROW_BLOCK ? 1
                : Math.min(tiles, Math.ceilDiv(Math.ceilDiv(tiles, MAX_ROW_BLOCK / TILE_ROWS), threads) * threads);
        int groups = Math.clamp((threads + rowBlocks - 1) / rowBlocks, 1, panels);
        parallel.forEach(rowBlocks * groups, (task, end) -> {
            int block = task / groups;
            int r0 = (int) Math.min(tokens, (long) block * tiles / rowBlocks * TILE_ROWS);
            int r1 = (int) Math.min(tokens, (long) (block + 1) * tiles / rowBlocks * TILE_ROWS);
            int p0 = task % groups * panels / groups;
            int p1 = (task % groups + 1) * panels / groups;
            int c0 = p0 * PackedWeights.PANEL;
            int width = Math.min(out, p1 * PackedWeights.PANEL) - c0;
            Kernels.matmulTransposedPanels(x, r0 * in, in, r1 - r0, w, p0, p1, y, r0 * out, out, accumulate,
                    linear.bias());
            for (int r = r0; r < r1; r++) {
                if (gelu) {
                    EncoderKernels.gelu(y, r * out + c0, width);
                }
                if (norm != null && groups == 1) {
                    EncoderKernels.layerNorm(y, r * out, out, norm.weight(), norm.bias(), weights.config().layerNormEps());
                }
            }
        });
        if (norm != null && groups > 1) {
            for (int r = 0; r < tokens; r++) {
                EncoderKernels.layerNorm(y, r * out, out, norm.weight(), norm.bias(), weights.config().layerNormEps());
            }
        }
    }

    /**
     * Scaled dot-product attention of every (sequence, head): softmax(Q·Kᵀ / sqrt(d)) · V into the context rows,
     * {@link #QUERY_BLOCK} queries at a time so that their scores stay in cache from Q·Kᵀ through the softmax to P·V
     * (a 512-token sequence's full score matrix is 1 MB per head). Every row's result is the same either way.
     * <p>
     * The keys are padded to whole vectors (zero keys whose scores are -infinity, e^-inf = 0): Q·Kᵀ and the softmax
     * run on whole vectors only, without the padded copies the kernels make of a row's last partial vector
     * (Kernels.softmax's tail, Gemm's last columns), for the same bits: the kernels' tails compute every value as a
     * whole vector's lane would, and the padded lanes add exact zeros. Each row of scores starts as the key mask (0 for
     * a key, -infinity for padding) and Q·Kᵀ is added to it (0 + x = x): no zeroing and no masking pass over the
     * scores, and no call per row of padding (with 14-token texts those calls took 2 % of the samples, JFR).
     */
    private void attention(float[] qkv, float[] context) {
        int stride = 3 * hidden;
        float scale = (float) (1 / Math.sqrt(headDim));
        parallel.forEach(lengths.length * heads, (task, end) -> {
            int s = task / heads;
            int head = task % heads;
            int n = lengths[s];
            int keys = Math.ceilDiv(n, Simd.LANES) * Simd.LANES;
            int first = starts[s];
            int mask = headDim * keys;
            int scores = mask + keys;
            float[] scratch = scratch(scores + Math.min(n, QUERY_BLOCK) * keys);
            float[] sums = Scratch.get().floats(Scratch.SOFTMAX_SUMS, QUERY_BLOCK);
            // Kᵀ / sqrt(d) [headDim, keys]: a row of scores is then a broadcast-FMA over keys, already scaled
            int keyColumn = hidden + head * headDim;
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < headDim; j++) {
                    scratch[j * keys + t] = qkv[(first + t) * stride + keyColumn + j] * scale;
                }
                scratch[mask + t] = 0f;
            }
            for (int t = n; t < keys; t++) {
                for (int j = 0; j < headDim; j++) {
                    scratch[j * keys + t] = 0f;
                }
                scratch[mask + t] = Float.NEGATIVE_INFINITY;
            }
            for (int q0 = 0; q0 < n; q0 += QUERY_BLOCK) {
                int rows = Math.min(QUERY_BLOCK, n - q0);
                int row0 = first + q0;
                for (int q = 0; q < rows; q++) {
                    System.arraycopy(scratch, mask, scratch, scores + q * keys, keys);
                }
                Kernels.matmul(qkv, row0 * stride + head * headDim, stride, rows, headDim, scratch, 0, keys, keys,
                        scratch, scores, keys, true);
                Kernels.softmaxRows(scratch, scores, rows, keys, sums);
                Kernels.matmul(scratch, scores, keys, rows, n, qkv, first * stride + 2 * hidden + head * headDim,
                        stride, headDim, context, row0 * hidden + head * headDim, hidden, false);
            }
        });
    }

    private static float[] scratch(int size) {
        return Scratch.get().floats(Scratch.ATTENTION_SCORES, size);
    }
}
