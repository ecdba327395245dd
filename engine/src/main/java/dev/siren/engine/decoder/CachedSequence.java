package dev.siren.engine.decoder;

import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.MeanPool;

import java.util.Arrays;
import java.util.List;

/**
 * A growing sequence with a per-layer KV cache. Appends run only the new tokens; the running means are updated
 * from their layer outputs. The outputs of the last {@code maxRollback} tokens are kept in a ring so a rollback can
 * take them out of the sums again; older tokens are final.
 */
final class CachedSequence implements IncrementalSequence {

    private final DecoderModel model;
    private final int maxTokens;
    private final int maxRollback;
    private final int maxStepTokens;
    private final int layers;
    private final int hidden;
    private final KvCache cache;
    private final MeanPool pool;
    /** {@code [slot][layer * hidden + i]}: layer outputs of token t live in slot {@code t % maxRollback}. */
    private final float[][] recent;
    private int length;
    private int rollbackable;

    CachedSequence(DecoderModel model, int maxTokens, int maxRollback, int maxStepTokens) {
        if (maxTokens < 1 || maxRollback < 0) {
            throw new IllegalArgumentException("need maxTokens >= 1 and maxRollback >= 0, got " + maxTokens + ", " + maxRollback);
        }
        var c = model.config();
        this.model = model;
        this.maxTokens = maxTokens;
        this.maxRollback = maxRollback;
        this.maxStepTokens = maxStepTokens;
        this.layers = c.numLayers();
        this.hidden = c.hiddenSize();
        this.cache = new KvCache(layers, c.kvDim(), Math.min(maxTokens, 256), maxTokens);
        this.pool = new MeanPool(layers, hidden);
        this.recent = new float[maxRollback][layers * hidden];
    }

    @Override
    public void append(int[] ids) {
        if (length + ids.length > maxTokens) {
            throw new IllegalStateException("cannot append " + ids.length + " tokens to a sequence of " + length
                    + ": its capacity is " + maxTokens + " tokens");
        }
        for (int from = 0; from < ids.length; from += maxStepTokens) {
            int[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + maxStepTokens));
            int start = length;
            model.forward(List.of(new Segment(chunk, start, cache)), (layer, seg, x, off, rows) -> {
                pool.add(layer, x, off, rows);
                remember(layer, start, x, off, rows);
            });
            length += chunk.length;
            rollbackable = Math.min(maxRollback, rollbackable + chunk.length);
        }
    }

    private void remember(int layer, int start, float[] x, int off, int rows) {
        if (maxRollback == 0) {
            return;
        }
        for (int t = Math.max(0, rows - maxRollback); t < rows; t++) {
            System.arraycopy(x, off + t * hidden, recent[(start + t) % maxRollback], layer * hidden, hidden);
        }
    }

    @Override
    public void rollback(int k) {
        if (k < 0 || k > rollbackable) {
            throw new IllegalArgumentException("can roll back between 0 and " + rollbackable + " tokens now (window "
                    + maxRollback + ", length " + length + "), asked for " + k);
        }
        for (int i = 0; i < k; i++) {
            length--;
            float[] out = recent[length % maxRollback];
            for (int layer = 0; layer < layers; layer++) {
                pool.subtract(layer, out, layer * hidden);
            }
        }
        rollbackable -= k;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public float[][] layerMeans() {
        return pool.means();
    }

    @Override
    public void close() {
        // Nothing native to free: the cache is heap memory, dropped with this object.
    }
}
