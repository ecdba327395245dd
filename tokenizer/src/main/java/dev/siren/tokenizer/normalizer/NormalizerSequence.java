package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.NormalizedText;
import java.util.List;

/** Applies normalizers in order. */
public record NormalizerSequence(List<Normalizer> normalizers) implements Normalizer {
    @Override
    public void normalize(NormalizedText text) {
        for (Normalizer n : normalizers) {
            n.normalize(text);
        }
    }
}
