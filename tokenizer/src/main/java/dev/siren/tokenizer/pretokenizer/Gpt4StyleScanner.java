package dev.siren.tokenizer.pretokenizer;

import static dev.siren.tokenizer.text.CharClasses.isLetter;
import static dev.siren.tokenizer.text.CharClasses.isNumber;
import static dev.siren.tokenizer.text.CharClasses.isWhitespace;

import dev.siren.tokenizer.text.IntRanges;

/**
 * A hand-written matcher equivalent to the split regex of Llama 3 and Qwen2/Qwen3 (GPT-4's cl100k pattern):
 * <pre>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</pre>
 * with D = 3 (Llama 3) or 1 (Qwen, written {@code \p{N}}). It decides each match in one forward pass, so it runs in
 * linear time where a backtracking regex engine can go quadratic on long whitespace runs. The alternatives are tried
 * in the regex's order; the differential test against Hugging Face checks the equivalence.
 */
public final class Gpt4StyleScanner implements MatchFinder {
    public static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|"
            + "\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    public static final String QWEN2_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|"
            + "\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final int maxDigits;

    private Gpt4StyleScanner(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    /** The scanner for {@code pattern}, or null when it is not one of the two patterns above. */
    public static Gpt4StyleScanner forPattern(String pattern) {
        if (pattern.equals(LLAMA3_PATTERN)) {
            return new Gpt4StyleScanner(3);
        }
        if (pattern.equals(QWEN2_PATTERN)) {
            return new Gpt4StyleScanner(1);
        }
        return null;
    }

    @Override
    public void findMatches(int[] cps, int start, int end, IntRanges out) {
        int pos = start;
        while (pos < end) {
            int matchEnd = matchAt(cps, pos, end);
            out.add(pos, matchEnd);
            pos = matchEnd;
        }
    }

    private int matchAt(int[] s, int pos, int end) {
        int c = s[pos];
        int contraction = ScanSupport.contractionLength(s, pos, end, true);
        if (contraction > 0) {
            return pos + contraction;
        }
        boolean letter = isLetter(c);
        boolean number = !letter && isNumber(c);
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (letter) {
            return ScanSupport.skipLetters(s, pos + 1, end);
        }
        if (!number && c != '\r' && c != '\n' && pos + 1 < end && isLetter(s[pos + 1])) {
            return ScanSupport.skipLetters(s, pos + 2, end);
        }
        // \p{N}{1,D}
        if (number) {
            int j = pos + 1;
            while (j < end && j - pos < maxDigits && isNumber(s[j])) {
                j++;
            }
            return j;
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        int symbolsStart = c == ' ' ? pos + 1 : pos;
        if (symbolsStart < end && ScanSupport.isSymbol(s[symbolsStart])) {
            int j = ScanSupport.skipSymbols(s, symbolsStart + 1, end);
            while (j < end && (s[j] == '\r' || s[j] == '\n')) {
                j++;
            }
            return j;
        }
        // Only whitespace is left: \s*[\r\n]+ | \s+(?!\S) | \s+
        int runEnd = pos + 1;
        int lastNewline = (c == '\r' || c == '\n') ? pos : -1;
        while (runEnd < end && isWhitespace(s[runEnd])) {
            if (s[runEnd] == '\r' || s[runEnd] == '\n') {
                lastNewline = runEnd;
            }
            runEnd++;
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        return ScanSupport.whitespaceRunMatchEnd(pos, runEnd, end);
    }
}
