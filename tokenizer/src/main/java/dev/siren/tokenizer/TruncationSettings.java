package dev.siren.tokenizer;

/**
 * The "truncation" block of a tokenizer.json, exposed for callers that want to honour it. {@link Tokenizer#encode}
 * never applies it: callers pass their own maximum length.
 */
public record TruncationSettings(int maxLength, String direction, String strategy, int stride) {
}
