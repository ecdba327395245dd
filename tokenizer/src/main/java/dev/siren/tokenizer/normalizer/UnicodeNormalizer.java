package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.NormalizedText;
import java.text.Normalizer.Form;

/**
 * NFC, NFD, NFKC or NFKD. Normalization only ever combines a character with the marks (or Hangul jamo) that follow
 * it, so the text is normalized one such cluster at a time, which lets each output character keep an alignment,
 * computed as Hugging Face computes it (see {@link NormalizationChanges}).
 */
public final class UnicodeNormalizer implements Normalizer {
    private final Form form;
    /** Code points below this are left unchanged by the form: the fast path for Latin text. */
    private final int stableBelow;

    public UnicodeNormalizer(Form form) {
        this.form = form;
        this.stableBelow = switch (form) {
            case NFC -> 0x300;  // the first combining mark
            case NFD -> 0xC0;   // 'À', the first canonical decomposition
            case NFKC, NFKD -> 0xA0; // no-break space, the first compatibility decomposition
        };
    }

    @Override
    public void normalize(NormalizedText text) {
        if (allBelow(text, 0, text.length(), stableBelow)) {
            return; // the common case
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
            String cluster = allBelow(text, start, end, stableBelow) ? null : text.substring(start, end);
            String normalized = cluster == null ? null : java.text.Normalizer.normalize(cluster, form);
            if (cluster == null || normalized.equals(cluster)) {
                for (int i = start; i < end; i++) {
                    text.copyTo(out, i);
                }
            } else {
                int[] output = normalized.codePoints().toArray();
                int[] inputs = java.util.Arrays.copyOfRange(text.codePoints(), start, end);
                text.replaceRun(out, start, end, output, NormalizationChanges.of(inputs, output, form));
            }
            start = end;
        }
        text.adopt(out);
    }

    private static boolean allBelow(NormalizedText text, int start, int end, int limit) {
        int[] cps = text.codePoints();
        for (int i = start; i < end; i++) {
            if (cps[i] >= limit) {
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
