package dev.siren.engine.decoder;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.Scratch;

/**
 * Causal grouped-query attention of one segment and one query head over the segment's KV cache, in blocks of
 * query rows so the score matrix stays small for long inputs: scores = Q K^T * scale (a broadcast-FMA product over
 * the cache's transposed keys), masked softmax per row, out = P V.
 */
final class Attention {

    /** Query rows per block: bounds the score scratch to BLOCK x keys floats per thread. */
    private static final int BLOCK = 64;

    private final int headDim;
    private final int queryDim;
    private final int kvDim;
    private final int groupSize;
    private final float scale;

    Attention(DecoderConfig c) {
        this.headDim = c.headDim();
        this.queryDim = c.queryDim();
        this.kvDim = c.kvDim();
        this.groupSize = c.numHeads() / c.numKvHeads();
        this.scale = (float) (1.0 / Math.sqrt(c.headDim()));
    }

    /**
     * @param q       queries of all rows of the step, {@code [rows x queryDim]}, RoPE applied
     * @param rowBase the segment's first row in {@code q} and {@code out}
     * @param window  sliding window (0 = none): a query at position p sees keys {@code p-window+1 .. p}
     */
    void run(float[] q, int rowBase, Segment seg, int layer, int head, int window, float[] out) {
        KvCache cache = seg.cache();
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        int kvOff = head / groupSize * headDim;
        int n = seg.ids().length;
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int rows = Math.min(BLOCK, n - b0);
            int keysInBlock = seg.start() + b0 + rows; // the last query of the block sees this many keys
            float[] s = scratch(rows * keysInBlock);
            int qOff = (rowBase + b0) * queryDim + head * headDim;
            Kernels.matmul(q, qOff, queryDim, rows, headDim, keys, kvOff * cache.capacity(), cache.capacity(), keysInBlock,
                    s, 0, keysInBlock, false);
            for (int i = 0; i < rows; i++) {
                int pos = seg.start() + b0 + i;
                int from = window > 0 ? Math.max(0, pos - window + 1) : 0;
                int row = i * keysInBlock;
                java.util.Arrays.fill(s, row, row + from, 0f);
                java.util.Arrays.fill(s, row + pos + 1, row + keysInBlock, 0f);
                Kernels.scale(s, row + from, scale, pos + 1 - from);
                Kernels.softmax(s, row + from, pos + 1 - from);
            }
            Kernels.matmul(s, 0, keysInBlock, rows, keysInBlock, values, kvOff, kvDim, headDim,
                    out, qOff, queryDim, false);
        }
    }

    private static float[] scratch(int n) {
        return Scratch.get().floats(Scratch.ATTENTION_SCORES, n);
    }
}
