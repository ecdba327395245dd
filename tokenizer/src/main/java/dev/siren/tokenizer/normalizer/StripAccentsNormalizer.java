package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.CharClasses;
import dev.siren.tokenizer.text.NormalizedText;

/** Removes non-spacing marks (Mn, in the tables Hugging Face uses); meant to follow NFD. */
public final class StripAccentsNormalizer implements Normalizer {
    private static final int[] REMOVE = {};

    @Override
    public void normalize(NormalizedText text) {
        text.mapEach(c -> CharClasses.isMarkNonspacing(c) ? REMOVE : null);
    }
}
