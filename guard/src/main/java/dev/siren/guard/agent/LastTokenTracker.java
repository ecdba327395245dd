package dev.siren.guard.agent;

import dev.siren.engine.decoder.LastTokenReadout;
import dev.siren.engine.decoder.LastTokenSequence;

import java.util.Arrays;

/**
 * The last-token state (of a one-depth readout) of a token sequence that is handed over whole each time but mostly grows: only the ids after
 * the longest prefix shared with the previous sequence run through the backbone. A conversation's rendering usually
 * extends the previous one's, so an appended turn costs its own tokens; where the template rewrites earlier text (or
 * head-and-tail truncation moves the tail), the ids from the first difference on are recomputed, and the state is
 * still exactly that of the whole sequence. Not thread-safe.
 */
final class LastTokenTracker {

    private final LastTokenSequence sequence;
    private int[] ids = new int[0];
    private int computed;

    LastTokenTracker(LastTokenReadout readout, int maxTokens) {
        this.sequence = readout.newSequence(maxTokens);
    }

    /** The state of the last token of {@code next}, a non-empty sequence. */
    float[] stateOf(int[] next) {
        if (next.length == 0) {
            throw new IllegalArgumentException("an empty token sequence has no last token");
        }
        int shared = Arrays.mismatch(ids, next);
        shared = shared < 0 ? next.length : shared;
        shared = Math.min(shared, next.length - 1); // the last token must run to give its state
        sequence.truncate(shared);
        computed = next.length - shared;
        try {
            sequence.append(Arrays.copyOfRange(next, shared, next.length));
        } finally { // what the cache holds now, even after a failed append
            ids = Arrays.copyOf(next, sequence.length());
        }
        return sequence.states()[0];
    }

    /** Tokens the last {@link #stateOf} ran through the backbone; the others came from the cache. */
    int computedTokens() {
        return computed;
    }

    /** Tokens in the current sequence. */
    int length() {
        return ids.length;
    }
}
