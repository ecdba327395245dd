package dev.siren.engine.decoder;

import java.util.Arrays;
import java.util.List;

/**
 * A token sequence whose last-token states ({@link LastTokenReadout}) is kept current as it grows: an append runs
 * only the new tokens, over a KV cache of the layers below the readout. It can be cut back to any shorter prefix
 * (the cache beyond is simply overwritten), so an edited sequence costs only the tokens after the edit.
 * Not thread-safe.
 */
public final class LastTokenSequence {

    private final LastTokenReadout readout;
    private final KvCache cache;
    private final int maxStepTokens;
    private int length;
    /** The states of token {@code length - 1}; null after a cut, until the next append. */
    private float[][] states;

    LastTokenSequence(LastTokenReadout readout, KvCache cache, int maxStepTokens) {
        this.readout = readout;
        this.cache = cache;
        this.maxStepTokens = maxStepTokens;
    }

    /** Runs the new tokens, attending to everything before them. */
    public void append(int[] ids) {
        for (int from = 0; from < ids.length; from += maxStepTokens) {
            int[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + maxStepTokens));
            readout.run(List.of(new Segment(chunk, length, cache)), (seg, s) -> states = s);
            length += chunk.length;
        }
    }

    /** Keeps the first {@code tokens} tokens; the states are known again after the next append. */
    public void truncate(int tokens) {
        if (tokens < 0 || tokens > length) {
            throw new IllegalArgumentException("can keep 0 to " + length + " tokens, asked for " + tokens);
        }
        if (tokens < length) {
            length = tokens;
            states = null;
        }
    }

    public int length() {
        return length;
    }

    /** The last token's states, fp32, {@code [depth][hidden]} in the readout's depth order. */
    public float[][] states() {
        if (states == null) {
            throw new IllegalStateException(length == 0 ? "no tokens yet: there is no last token"
                    : "the sequence was cut back: append a token before reading the state");
        }
        float[][] copy = new float[states.length][];
        for (int k = 0; k < states.length; k++) {
            copy[k] = states[k].clone();
        }
        return copy;
    }
}
