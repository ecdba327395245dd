package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.NormalizedText;

/** A tokenizer.json normalizer: rewrites text before pre-tokenization, keeping each character's original range. */
public interface Normalizer {
    void normalize(NormalizedText text);
}
