package dev.siren.engine.decoder;

/**
 * Keys and values of one sequence, fp32, {@code [position][kvHeads * headDim]} per layer slot. A cache for a
 * whole-sequence prefill needs one slot shared by all layers (each layer is finished before the next starts);
 * an incremental sequence needs one slot per layer. Capacity grows by doubling up to {@code maxTokens}.
 */
final class KvCache {

    private final int slots;
    private final int kvDim;
    private final int maxTokens;
    private float[][] keys;
    private float[][] values;
    private int capacity;

    KvCache(int slots, int kvDim, int initialTokens, int maxTokens) {
        this.slots = slots;
        this.kvDim = kvDim;
        this.maxTokens = maxTokens;
        this.keys = new float[slots][];
        this.values = new float[slots][];
        allocate(Math.min(initialTokens, maxTokens));
    }

    private void allocate(int tokens) {
        for (int s = 0; s < slots; s++) {
            keys[s] = keys[s] == null ? new float[tokens * kvDim] : java.util.Arrays.copyOf(keys[s], tokens * kvDim);
            values[s] = values[s] == null ? new float[tokens * kvDim] : java.util.Arrays.copyOf(values[s], tokens * kvDim);
        }
        capacity = tokens;
    }

    /** Makes room for positions {@code 0..tokens-1}. */
    void ensureCapacity(int tokens) {
        if (tokens > maxTokens) {
            throw new IllegalStateException("KV cache holds at most " + maxTokens + " tokens, " + tokens + " needed");
        }
        if (tokens > capacity) {
            allocate(Math.min(maxTokens, Math.max(tokens, 2 * capacity)));
        }
    }

    float[] keys(int layer) {
        return keys[layer % slots];
    }

    float[] values(int layer) {
        return values[layer % slots];
    }
}
