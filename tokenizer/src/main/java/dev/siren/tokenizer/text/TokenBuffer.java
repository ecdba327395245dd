package dev.siren.tokenizer.text;

import java.util.Arrays;

/**
 * Growable list of (token id, length) pairs written by a model. The length counts the units of the model's input that
 * the token covers (code points, or bytes for byte-level models); it is what offsets are computed from.
 */
public final class TokenBuffer {
    private int[] ids = new int[16];
    private int[] lengths = new int[16];
    private int size;

    public void add(int id, int length) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        ids[size] = id;
        lengths[size] = length;
        size++;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public int length(int i) {
        return lengths[i];
    }
}
