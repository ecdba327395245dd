package dev.siren.tokenizer.normalizer;

import java.text.Normalizer;
import java.text.Normalizer.Form;

/**
 * The per-character "changes" with which Hugging Face's normalization crate (unicode-normalization-alignments)
 * reports a normalized cluster, so that offsets align as in Hugging Face: 0 for a character standing for one input
 * character, +1 for a character inserted by a decomposition, -n for a composed character that also absorbed n
 * following characters. It is recomputed here from the decomposition (each character's first code point 0, the
 * others +1), the canonical reordering, and the recomposition (a composed character adds the changes of what it
 * absorbed, minus one each).
 */
final class NormalizationChanges {
    private NormalizationChanges() {
    }

    /** The change of each code point of {@code output}, the normalization of {@code cluster} in {@code form}. */
    static int[] of(int[] cluster, int[] output, Form form) {
        Form decomposition = form == Form.NFKC || form == Form.NFKD ? Form.NFKD : Form.NFD;
        // 1. decomposition, character by character
        int[] streamCps = new int[cluster.length * 4 + output.length];
        int[] streamChanges = new int[streamCps.length];
        int n = 0;
        for (int c : cluster) {
            int[] parts = decompose(c, decomposition);
            for (int k = 0; k < parts.length; k++) {
                if (n == streamCps.length) {
                    return null;
                }
                streamCps[n] = parts[k];
                streamChanges[n++] = k == 0 ? 0 : 1;
            }
        }
        // 2. canonical reordering: follow the order of the decomposed cluster, taking equal characters in turn
        int[] ordered = Normalizer.normalize(new String(cluster, 0, cluster.length), decomposition).codePoints()
                .toArray();
        if (ordered.length != n) {
            return null;
        }
        int[] orderedChanges = new int[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = nextUntaken(streamCps, taken, n, ordered[i], 0);
            if (k < 0) {
                return null;
            }
            taken[k] = true;
            orderedChanges[i] = streamChanges[k];
        }
        if (form == decomposition) {
            return output.length == n ? orderedChanges : null;
        }
        // 3. recomposition: each output character absorbs its decomposition's characters from the ordered stream
        int[] changes = new int[output.length];
        boolean[] used = new boolean[n];
        for (int j = 0; j < output.length; j++) {
            int[] parts = decompose(output[j], decomposition);
            int starter = nextUntaken(ordered, used, n, parts[0], 0);
            if (starter < 0) {
                return null;
            }
            used[starter] = true;
            int change = orderedChanges[starter];
            for (int k = 1; k < parts.length; k++) {
                int part = nextUntaken(ordered, used, n, parts[k], starter + 1);
                if (part < 0) {
                    return null;
                }
                used[part] = true;
                change += orderedChanges[part] - 1;
            }
            changes[j] = change;
        }
        return changes;
    }

    private static int[] decompose(int c, Form decomposition) {
        return Normalizer.normalize(new String(Character.toChars(c)), decomposition).codePoints().toArray();
    }

    private static int nextUntaken(int[] cps, boolean[] taken, int n, int wanted, int from) {
        for (int i = from; i < n; i++) {
            if (!taken[i] && cps[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
