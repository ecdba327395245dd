package dev.siren.tokenizer.text;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Code points of a text being normalized, each aligned to the range of original code points it came from, so that
 * token offsets can be reported in the original text. Mutated in place by normalizers; not thread-safe (one per call).
 */
public final class NormalizedText {
    private int[] cps;
    private int length;
    /** Original [start, end) of each code point, or null while the text is still the untouched original. */
    private int[] origStart;
    private int[] origEnd;
    private final int origOffset;

    private NormalizedText(int[] cps, int length, int origOffset) {
        this.cps = cps;
        this.length = length;
        this.origOffset = origOffset;
    }

    /** The code points [start, end) of an original text; offsets stay relative to that whole text. */
    public static NormalizedText of(int[] text, int start, int end) {
        return new NormalizedText(Arrays.copyOfRange(text, start, end), end - start, start);
    }

    public int length() {
        return length;
    }

    public int codePointAt(int i) {
        return cps[i];
    }

    /** The backing array; valid indices are [0, length()). */
    public int[] codePoints() {
        return cps;
    }

    public String substring(int start, int end) {
        return new String(cps, start, end - start);
    }

    @Override
    public String toString() {
        return substring(0, length);
    }

    public int originalStart(int i) {
        return origStart == null ? origOffset + i : origStart[i];
    }

    public int originalEnd(int i) {
        return origEnd == null ? origOffset + i + 1 : origEnd[i];
    }

    /**
     * Replaces every code point by the code points {@code mapper} returns for it (null keeps it, an empty array
     * removes it). New code points take the alignment of the one they replace, as Hugging Face's transforms do.
     */
    public void mapEach(IntFunction<int[]> mapper) {
        Builder out = null;
        for (int i = 0; i < length; i++) {
            int[] replacement = mapper.apply(cps[i]);
            if (replacement == null || replacement.length == 1 && out == null) {
                if (replacement != null) {
                    cps[i] = replacement[0]; // one for one: same place, same alignment, no copy
                } else if (out != null) {
                    out.add(cps[i], originalStart(i), originalEnd(i));
                }
                continue;
            }
            if (out == null) {
                out = new Builder(length + replacement.length);
                for (int j = 0; j < i; j++) {
                    out.add(cps[j], originalStart(j), originalEnd(j));
                }
            }
            for (int cp : replacement) {
                out.add(cp, originalStart(i), originalEnd(i));
            }
        }
        if (out != null) {
            adopt(out);
        }
    }

    /**
     * Replaces the code points [start, end) by {@code replacement}, aligned as Hugging Face's transforms align them
     * from each new character's change: a change c &lt;= 0 marks a character that stands for the next 1 - c input
     * characters and takes the first one's alignment; a positive change marks an inserted character, aligned like the
     * input character before the read position (after a composition that is the last character it absorbed, not the
     * composed one). Without changes (null), output j takes input start + j (the last input for any extra).
     */
    public void replaceRun(Builder out, int start, int end, int[] replacement, int[] changes) {
        int input = start;
        for (int j = 0; j < replacement.length; j++) {
            int src;
            if (changes == null) {
                src = Math.min(start + j, end - 1);
            } else if (changes[j] > 0) {
                src = Math.min(input, end) - 1; // start - 1 (the text before the run) when nothing was read yet
            } else {
                src = Math.min(input, end - 1);
                input += 1 - changes[j];
            }
            if (src < 0) { // inserted before anything of this text: the empty range at its start
                out.add(replacement[j], origOffset, origOffset);
            } else {
                out.add(replacement[j], originalStart(src), originalEnd(src));
            }
        }
    }

    /** Copies code point i, with its alignment, to {@code out}. */
    public void copyTo(Builder out, int i) {
        out.add(cps[i], originalStart(i), originalEnd(i));
    }

    public Builder newBuilder() {
        return new Builder(length + 8);
    }

    /** Makes {@code out}'s content this text's content. */
    public void adopt(Builder out) {
        cps = out.cps;
        origStart = out.starts;
        origEnd = out.ends;
        length = out.size;
    }

    /** Output under construction for a normalizer that rewrites the text. */
    public static final class Builder {
        private int[] cps;
        private int[] starts;
        private int[] ends;
        private int size;

        Builder(int capacity) {
            cps = new int[Math.max(capacity, 8)];
            starts = new int[cps.length];
            ends = new int[cps.length];
        }

        void add(int cp, int start, int end) {
            if (size == cps.length) {
                int n = size * 2;
                cps = Arrays.copyOf(cps, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
            }
            cps[size] = cp;
            starts[size] = start;
            ends[size] = end;
            size++;
        }
    }
}
