package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.NormalizedText;

/**
 * Lower-cases character by character as Rust's {@code char::to_lowercase} does: no context rules (a final sigma stays
 * σ), and U+0130 becomes "i" + U+0307.
 */
public final class LowercaseNormalizer implements Normalizer {
    private static final int[] DOTTED_CAPITAL_I_LOWER = {'i', 0x307};

    @Override
    public void normalize(NormalizedText text) {
        text.mapEach(LowercaseNormalizer::lower);
    }

    static int[] lower(int c) {
        if (c == 0x130) {
            return DOTTED_CAPITAL_I_LOWER;
        }
        int lower = Character.toLowerCase(c);
        return lower == c ? null : new int[] {lower};
    }
}
