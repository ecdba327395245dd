package dev.siren.tokenizer.text;

import java.util.Arrays;

/** Growable list of half-open [start, end) ranges, the pieces produced by pre-tokenizers. */
public final class IntRanges {
    private int[] bounds = new int[32];
    private int size;

    public void add(int start, int end) {
        if (2 * size + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * size] = start;
        bounds[2 * size + 1] = end;
        size++;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return bounds[2 * i];
    }

    public int end(int i) {
        return bounds[2 * i + 1];
    }

    public void clear() {
        size = 0;
    }
}
