package dev.siren.engine.bert;

import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.EncoderKernels;
import dev.siren.engine.kernels.Gemm;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.PackedMatrix;
import dev.siren.engine.kernels.Parallel;

import java.util.Arrays;

/**
 * One forward pass of a BERT encoder over a group of sequences stacked row by row, without padding: the
 * Linear layers run as one GEMM over all the group's tokens, attention runs per (sequence, head). No mask is
 * needed because no sequence sees another's rows. After every layer the sink receives the [tokens, hidden] output.
 */
final class BertForward {

    /** Receives each layer's output; rows [starts[s], starts[s] + lengths[s]) belong to sequence s. */
    interface LayerSink {
        void accept(int layer, float[] hidden, int[] starts, int[] lengths);
    }

    /** Rows per GEMM task: a block of A (64 x 1536 floats at most) stays in L2 while the weight panels stream. */
    private static final int ROW_BLOCK = 64;
    private static final ThreadLocal<float[]> ATTENTION_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

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

    /** @param tokenTypes per sequence, or null for all zeros */
    static void run(BertWeights weights, Parallel parallel, int[][] ids, int[][] tokenTypes, LayerSink sink) {
        new BertForward(weights, parallel, ids).run(ids, tokenTypes, sink);
    }

    private void run(int[][] ids, int[][] tokenTypes, LayerSink sink) {
        BertConfig config = weights.config();
        float[] h = new float[tokens * hidden];
        float[] qkv = new float[tokens * 3 * hidden];
        float[] context = new float[tokens * hidden];
        float[] h1 = new float[tokens * hidden];
        float[] intermediate = new float[tokens * config.intermediateSize()];
        embed(ids, tokenTypes, h);
        for (int l = 0; l < config.numLayers(); l++) {
            BertWeights.Layer layer = weights.layers().get(l);
            linear(h, layer.queryKeyValue(), null, qkv, false);
            attention(qkv, context);
            linear(context, layer.attentionOutput(), h, h1, false);
            normalizeRows(h1, layer.attentionNorm());
            linear(h1, layer.intermediate(), null, intermediate, true);
            linear(intermediate, layer.output(), h1, h, false);
            normalizeRows(h, layer.outputNorm());
            sink.accept(l, h, starts, lengths);
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

    /** y = x·W + bias (+ residual), optionally GELU'd; tasks are (row block, group of weight panels). */
    private void linear(float[] x, BertWeights.Linear linear, float[] residual, float[] y, boolean gelu) {
        PackedMatrix w = linear.weight();
        int in = w.rows();
        int out = w.cols();
        int panels = w.panelCount();
        int rowBlocks = (tokens + ROW_BLOCK - 1) / ROW_BLOCK;
        int groups = Math.clamp((2L * parallel.threads() + rowBlocks - 1) / rowBlocks, 1, panels);
        float[] bias = linear.bias();
        parallel.forEach(rowBlocks * groups, (task, end) -> {
            int r0 = task / groups * ROW_BLOCK;
            int r1 = Math.min(tokens, r0 + ROW_BLOCK);
            int p0 = task % groups * panels / groups;
            int p1 = (task % groups + 1) * panels / groups;
            int c0 = p0 * Gemm.PANEL_WIDTH;
            int width = Math.min(out, p1 * Gemm.PANEL_WIDTH) - c0;
            for (int r = r0; r < r1; r++) {
                if (residual == null) {
                    System.arraycopy(bias, c0, y, r * out + c0, width);
                } else {
                    System.arraycopy(residual, r * out + c0, y, r * out + c0, width);
                    Kernels.add(y, r * out + c0, bias, c0, width);
                }
            }
            Gemm.multiplyAdd(r1 - r0, x, r0 * in, in, w, p0, p1, y, r0 * out, out);
            if (gelu) {
                for (int r = r0; r < r1; r++) {
                    EncoderKernels.gelu(y, r * out + c0, width);
                }
            }
        });
    }

    /** Scaled dot-product attention of every (sequence, head): softmax(Q·Kᵀ / sqrt(d)) · V into the context rows. */
    private void attention(float[] qkv, float[] context) {
        int stride = 3 * hidden;
        float scale = (float) (1 / Math.sqrt(headDim));
        parallel.forEach(lengths.length * heads, (task, end) -> {
            int s = task / heads;
            int head = task % heads;
            int n = lengths[s];
            int first = starts[s];
            float[] scratch = scratch(headDim * n + n * n);
            // Kᵀ / sqrt(d) [headDim, n]: a row of scores is then a broadcast-FMA over keys, already scaled
            int keyColumn = hidden + head * headDim;
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < headDim; j++) {
                    scratch[j * n + t] = qkv[(first + t) * stride + keyColumn + j] * scale;
                }
            }
            int scores = headDim * n;
            Arrays.fill(scratch, scores, scores + n * n, 0f);
            Gemm.multiplyAdd(n, n, headDim, qkv, first * stride + head * headDim, stride, scratch, 0, n,
                    scratch, scores, n);
            for (int q = 0; q < n; q++) {
                Kernels.softmax(scratch, scores + q * n, n);
            }
            int out = first * hidden + head * headDim;
            for (int t = 0; t < n; t++) {
                Arrays.fill(context, out + t * hidden, out + t * hidden + headDim, 0f);
            }
            Gemm.multiplyAdd(n, headDim, n, scratch, scores, n, qkv, first * stride + 2 * hidden + head * headDim, stride,
                    context, out, hidden);
        });
    }

    private void normalizeRows(float[] x, BertWeights.Norm norm) {
        float eps = weights.config().layerNormEps();
        int rowBlocks = (tokens + ROW_BLOCK - 1) / ROW_BLOCK;
        parallel.forEach(rowBlocks, (block, end) -> {
            for (int r = block * ROW_BLOCK; r < Math.min(tokens, (block + 1) * ROW_BLOCK); r++) {
                EncoderKernels.layerNorm(x, r * hidden, hidden, norm.weight(), norm.bias(), eps);
            }
        });
    }

    private static float[] scratch(int size) {
        float[] scratch = ATTENTION_SCRATCH.get();
        if (scratch.length < size) {
            scratch = new float[size];
            ATTENTION_SCRATCH.set(scratch);
        }
        return scratch;
    }
}
