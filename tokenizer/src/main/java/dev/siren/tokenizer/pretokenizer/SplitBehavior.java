package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;

/** What a split does with the matched delimiters, as Hugging Face's SplitDelimiterBehavior. */
public enum SplitBehavior {
    REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

    public static SplitBehavior fromJson(String name) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> null;
        };
    }

    /**
     * Turns the segments of [start, end) (matches, and the gaps between them) into pieces.
     *
     * @param matches the matches, in order, within [start, end)
     * @param invert  whether the gaps rather than the matches are the delimiters
     */
    public void apply(int start, int end, IntRanges matches, boolean invert, IntRanges out) {
        if (this == ISOLATED) {
            isolate(start, end, matches, out);
            return;
        }
        int n = matches.size();
        int[] segStart = new int[2 * n + 1];
        int[] segEnd = new int[2 * n + 1];
        boolean[] segIsDelimiter = new boolean[2 * n + 1];
        int count = 0;
        int pos = start;
        for (int i = 0; i <= n; i++) {
            int matchStart = i < n ? matches.start(i) : end;
            if (matchStart > pos) {
                segStart[count] = pos;
                segEnd[count] = matchStart;
                segIsDelimiter[count++] = invert;
            }
            if (i < n) {
                segStart[count] = matchStart;
                segEnd[count] = matches.end(i);
                segIsDelimiter[count++] = !invert;
                pos = matches.end(i);
            }
        }
        switch (this) {
            case ISOLATED -> throw new AssertionError("handled above");
            case REMOVED -> {
                for (int i = 0; i < count; i++) {
                    if (!segIsDelimiter[i]) {
                        out.add(segStart[i], segEnd[i]);
                    }
                }
            }
            case MERGED_WITH_PREVIOUS, CONTIGUOUS -> mergeForward(segStart, segEnd, segIsDelimiter, count, out);
            case MERGED_WITH_NEXT -> mergeBackward(segStart, segEnd, segIsDelimiter, count, out);
        }
    }

    /** Matches and the gaps between them, in order: the common case, without intermediate arrays. */
    private static void isolate(int start, int end, IntRanges matches, IntRanges out) {
        int pos = start;
        for (int i = 0; i < matches.size(); i++) {
            if (matches.start(i) > pos) {
                out.add(pos, matches.start(i));
            }
            out.add(matches.start(i), matches.end(i));
            pos = matches.end(i);
        }
        if (end > pos) {
            out.add(pos, end);
        }
    }

    private void mergeForward(int[] segStart, int[] segEnd, boolean[] isDelimiter, int count, IntRanges out) {
        int pieceStart = -1;
        int pieceEnd = -1;
        boolean previousDelimiter = false;
        for (int i = 0; i < count; i++) {
            boolean merge = this == CONTIGUOUS ? isDelimiter[i] == previousDelimiter
                    : isDelimiter[i] && !previousDelimiter;
            if (merge && pieceStart >= 0) {
                pieceEnd = segEnd[i];
            } else {
                if (pieceStart >= 0) {
                    out.add(pieceStart, pieceEnd);
                }
                pieceStart = segStart[i];
                pieceEnd = segEnd[i];
            }
            previousDelimiter = isDelimiter[i];
        }
        if (pieceStart >= 0) {
            out.add(pieceStart, pieceEnd);
        }
    }

    private static void mergeBackward(int[] segStart, int[] segEnd, boolean[] isDelimiter, int count, IntRanges out) {
        int[] starts = new int[count];
        int[] ends = new int[count];
        int pieces = 0;
        boolean previousDelimiter = false;
        for (int i = count - 1; i >= 0; i--) {
            if (isDelimiter[i] && !previousDelimiter && pieces > 0) {
                starts[pieces - 1] = segStart[i];
            } else {
                starts[pieces] = segStart[i];
                ends[pieces++] = segEnd[i];
            }
            previousDelimiter = isDelimiter[i];
        }
        for (int i = pieces - 1; i >= 0; i--) {
            out.add(starts[i], ends[i]);
        }
    }
}
