package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;

/** Finds the successive non-overlapping, non-empty matches of a pattern in the code points [start, end). */
public interface MatchFinder {
    void findMatches(int[] cps, int start, int end, IntRanges out);
}
