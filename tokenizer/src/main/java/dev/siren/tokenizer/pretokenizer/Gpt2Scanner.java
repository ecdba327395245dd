package dev.siren.tokenizer.pretokenizer;

import static dev.siren.tokenizer.text.CharClasses.isLetter;
import static dev.siren.tokenizer.text.CharClasses.isNumber;
import static dev.siren.tokenizer.text.CharClasses.isWhitespace;

import dev.siren.tokenizer.text.IntRanges;

/**
 * A hand-written matcher equivalent to the GPT-2 split regex that the ByteLevel pre-tokenizer applies when
 * {@code use_regex} is true: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}.
 */
public final class Gpt2Scanner implements MatchFinder {

    @Override
    public void findMatches(int[] cps, int start, int end, IntRanges out) {
        int pos = start;
        while (pos < end) {
            int matchEnd = matchAt(cps, pos, end);
            out.add(pos, matchEnd);
            pos = matchEnd;
        }
    }

    private static int matchAt(int[] s, int pos, int end) {
        int contraction = ScanSupport.contractionLength(s, pos, end, false);
        if (contraction > 0) {
            return pos + contraction;
        }
        int first = s[pos] == ' ' && pos + 1 < end ? pos + 1 : pos;
        int c = s[first];
        if (isLetter(c)) {
            return ScanSupport.skipLetters(s, first + 1, end);
        }
        if (isNumber(c)) {
            return ScanSupport.skipNumbers(s, first + 1, end);
        }
        if (!isWhitespace(c)) {
            return ScanSupport.skipSymbols(s, first + 1, end);
        }
        int runEnd = pos + 1;
        while (runEnd < end && isWhitespace(s[runEnd])) {
            runEnd++;
        }
        return ScanSupport.whitespaceRunMatchEnd(pos, runEnd, end);
    }
}
