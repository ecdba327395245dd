package dev.siren.tokenizer.pretokenizer;

import static dev.siren.tokenizer.text.CharClasses.isLetter;
import static dev.siren.tokenizer.text.CharClasses.isNumber;
import static dev.siren.tokenizer.text.CharClasses.isWhitespace;

/** Pieces shared by the hand-written GPT-2 and GPT-4 style split scanners. */
final class ScanSupport {
    private ScanSupport() {
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    static boolean isSymbol(int c) {
        return !isWhitespace(c) && !isLetter(c) && !isNumber(c);
    }

    static int skipLetters(int[] s, int from, int end) {
        int j = from;
        while (j < end && isLetter(s[j])) {
            j++;
        }
        return j;
    }

    static int skipNumbers(int[] s, int from, int end) {
        int j = from;
        while (j < end && isNumber(s[j])) {
            j++;
        }
        return j;
    }

    static int skipSymbols(int[] s, int from, int end) {
        int j = from;
        while (j < end && isSymbol(s[j])) {
            j++;
        }
        return j;
    }

    /**
     * Length of {@code 's|'t|'re|'ve|'m|'ll|'d} at {@code pos}, or 0. Case-insensitively, as Oniguruma's
     * {@code (?i)} folds: 'ſ' (U+017F) folds to 's'.
     */
    static int contractionLength(int[] s, int pos, int end, boolean ignoreCase) {
        if (s[pos] != '\'' || pos + 1 >= end) {
            return 0;
        }
        int a = fold(s[pos + 1], ignoreCase);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return 2;
        }
        if (pos + 2 >= end) {
            return 0;
        }
        int b = fold(s[pos + 2], ignoreCase);
        if ((a == 'r' || a == 'v') && b == 'e' || a == 'l' && b == 'l') {
            return 3;
        }
        return 0;
    }

    private static int fold(int c, boolean ignoreCase) {
        if (!ignoreCase) {
            return c;
        }
        if (c == 0x17F) {
            return 's';
        }
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /**
     * End of {@code \s+(?!\S)|\s+} for the whitespace run [pos, runEnd) of a text that ends at {@code end}: the whole
     * run at the end of the text, otherwise all but its last character (which then prefixes the next word), but at
     * least one character.
     */
    static int whitespaceRunMatchEnd(int pos, int runEnd, int end) {
        if (runEnd == end || runEnd - pos == 1) {
            return runEnd;
        }
        return runEnd - 1;
    }
}
