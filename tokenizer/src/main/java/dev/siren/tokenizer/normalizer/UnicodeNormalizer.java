package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.NormalizedText;
import java.text.Normalizer.Form;

/**
 * NFC, NFD, NFKC or NFKD. Normalization only ever combines a character with the marks (or Hangul jamo) that follow
 * it, so the text is normalized one such cluster at a time, which lets each output character keep an alignment.
 */
public final class UnicodeNormalizer implements Normalizer {
    private final Form form;

    public UnicodeNormalizer(Form form) {
        this.form = form;
    }

    @Override
    public void normalize(NormalizedText text) {
        if (form == Form.NFC && allBelowCombiningMarks(text)) {
            return; // the common case, and nothing below U+0300 changes under NFC
        }
        if (java.text.Normalizer.isNormalized(text.toString(), form)) {
            return;
        }
        NormalizedText.Builder out = text.newBuilder();
        int n = text.length();
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && combinesWithPrevious(text.codePointAt(end))) {
                end++;
            }
            String cluster = text.substring(start, end);
            String normalized = java.text.Normalizer.normalize(cluster, form);
            if (normalized.equals(cluster)) {
                for (int i = start; i < end; i++) {
                    text.copyTo(out, i);
                }
            } else {
                text.replaceRun(out, start, end, normalized.codePoints().toArray());
            }
            start = end;
        }
        text.adopt(out);
    }

    private static boolean allBelowCombiningMarks(NormalizedText text) {
        int[] cps = text.codePoints();
        for (int i = 0, n = text.length(); i < n; i++) {
            if (cps[i] >= 0x300) {
                return false;
            }
        }
        return true;
    }

    /** Whether normalization may combine or reorder {@code c} with the characters before it. */
    public static boolean combinesWithPrevious(int c) {
        if (c >= 0x1160 && c <= 0x11FF) {
            return true; // Hangul medial vowels and final consonants compose with the preceding syllable
        }
        return switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            default -> false;
        };
    }
}
