package dev.siren.guard;

import dev.siren.tokenizer.Tokenizer;

/**
 * The one thing SirenGuard needs from a tokenizer: the ids of a text, with or without the special tokens the
 * tokenizer adds (Llama 3's begin_of_text, BERT's [CLS]/[SEP]; Qwen3 adds none). No truncation, no padding.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenEncoder {

    int[] encode(String text, boolean addSpecialTokens);

    /**
     * A length {@code n} of a prefix of {@code text} whose ids never change when text is appended: for any
     * {@code more}, {@code encode(text + more, false)} equals {@code encode(text.substring(0, n), false)} followed by
     * {@code encode((text + more).substring(n), false)}. Streams keep those ids and re-tokenise only the rest.
     * The default, 0, claims nothing: right for any tokenizer, but a stream then re-tokenises its whole text on
     * every append.
     */
    default int stableLength(String text) {
        return 0;
    }

    /** The SIREN tokenizer as an encoder, with its exact {@link Tokenizer#stableLength stable length}. */
    static TokenEncoder of(Tokenizer tokenizer) {
        return new TokenEncoder() {
            @Override
            public int[] encode(String text, boolean addSpecialTokens) {
                return tokenizer.encode(text, addSpecialTokens);
            }

            @Override
            public int stableLength(String text) {
                return tokenizer.stableLength(text);
            }
        };
    }
}
