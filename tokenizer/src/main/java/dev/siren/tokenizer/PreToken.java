package dev.siren.tokenizer;

/**
 * A piece of text that is tokenized on its own: either a piece produced by the pre-tokenizer (its normalized text,
 * as the model sees it before any byte mapping) or a matched added token. {@code start} and {@code end} are code
 * point offsets in the original text.
 */
public record PreToken(String text, int start, int end, boolean addedToken) {
}
