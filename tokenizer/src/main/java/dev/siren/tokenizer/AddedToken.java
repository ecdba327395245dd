package dev.siren.tokenizer;

/**
 * An entry of tokenizer.json's "added_tokens": matched in the text before pre-tokenization and never split.
 *
 * @param normalized  matched in the normalized text rather than the original one
 * @param special     dropped by {@code decode(ids, true)}
 * @param singleWord  matched only when not inside a word
 * @param lstrip      the match swallows the whitespace on its left
 * @param rstrip      the match swallows the whitespace on its right
 */
public record AddedToken(int id, String content, boolean special, boolean normalized, boolean singleWord,
        boolean lstrip, boolean rstrip) {
}
