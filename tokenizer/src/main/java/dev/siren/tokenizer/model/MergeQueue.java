package dev.siren.tokenizer.model;

import java.util.Arrays;

/** Binary min-heap of candidate merges ordered by (rank, position), each carrying the id the merge produces. */
final class MergeQueue {
    private long[] keys = new long[32];
    private int[] results = new int[32];
    private int size;

    void push(int rank, int position, int result) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            results = Arrays.copyOf(results, size * 2);
        }
        long key = ((long) rank << 32) | position;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            results[i] = results[parent];
            i = parent;
        }
        keys[i] = key;
        results[i] = result;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long topKey() {
        return keys[0];
    }

    int topResult() {
        return results[0];
    }

    void pop() {
        size--;
        long key = keys[size];
        int result = results[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= key) {
                break;
            }
            keys[i] = keys[child];
            results[i] = results[child];
            i = child;
        }
        keys[i] = key;
        results[i] = result;
    }
}
