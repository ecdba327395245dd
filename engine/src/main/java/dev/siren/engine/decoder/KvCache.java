package dev.siren.engine.decoder;

import java.util.Arrays;

/**
 * Keys and values of one sequence, fp32, per layer slot. Keys are stored transposed, {@code [kvHead][dim][position]},
 * so the attention scores of a query block are a plain broadcast-FMA product with no horizontal sums; values are
 * {@code [position][kvHead * headDim]}. A cache for a whole-sequence prefill needs one slot shared by all layers
 * (each layer finishes before the next starts); an incremental sequence needs one slot per layer. Capacity grows by
 * doubling up to {@code maxTokens}.
 */
final class KvCache {

    private final int slots;
    private final int kvDim;
    private final int maxTokens;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;

    KvCache(int slots, int kvDim, int initialTokens, int maxTokens) {
        this.slots = slots;
        this.kvDim = kvDim;
        this.maxTokens = maxTokens;
        this.keys = new float[slots][];
        this.values = new float[slots][];
        resize(Math.min(initialTokens, maxTokens));
    }

    private void resize(int tokens) {
        for (int s = 0; s < slots; s++) {
            float[] k = new float[kvDim * tokens];
            if (keys[s] != null) {
                for (int row = 0; row < kvDim; row++) {
                    System.arraycopy(keys[s], row * capacity, k, row * tokens, capacity);
                }
            }
            keys[s] = k;
            values[s] = values[s] == null ? new float[tokens * kvDim] : Arrays.copyOf(values[s], tokens * kvDim);
        }
        capacity = tokens;
    }

    /** Makes room for positions {@code 0..tokens-1}. */
    void ensureCapacity(int tokens) {
        if (tokens > maxTokens) {
            throw new IllegalStateException("KV cache holds at most " + maxTokens + " tokens, " + tokens + " needed");
        }
        if (tokens > capacity) {
            resize(Math.min(maxTokens, Math.max(tokens, 2 * capacity)));
        }
    }

    /** Stores the keys and values of {@code n} positions from {@code start}, given row-major {@code [n x kvDim]}. */
    void write(int layer, int start, int n, float[] k, float[] v, int rowOff) {
        float[] kt = keys[layer % slots];
        for (int t = 0; t < n; t++) {
            int src = (rowOff + t) * kvDim;
            for (int d = 0; d < kvDim; d++) {
                kt[d * capacity + start + t] = k[src + d];
            }
        }
        System.arraycopy(v, rowOff * kvDim, values[layer % slots], start * kvDim, n * kvDim);
    }

    /** Transposed keys: {@code keys[(kvHead * headDim + d) * capacity() + position]}. */
    float[] keys(int layer) {
        return keys[layer % slots];
    }

    /** Values: {@code values[position * kvDim + kvHead * headDim + d]}. */
    float[] values(int layer) {
        return values[layer % slots];
    }

    int capacity() {
        return capacity;
    }
}
