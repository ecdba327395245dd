package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;

/**
 * A tokenizer.json pre-tokenizer: splits the code points [start, end) of normalized text into pieces, appended to
 * {@code out} in order. Models then tokenize each piece on its own, so no token ever crosses a piece boundary.
 */
public interface PreTokenizer {
    void split(int[] cps, int start, int end, IntRanges out);
}
