package dev.siren.tokenizer.model;

import dev.siren.tokenizer.text.TokenBuffer;

/** A tokenizer.json model: turns one pre-tokenized piece into token ids. Implementations are thread-safe. */
public interface Model {

    /**
     * Appends the tokens of {@code piece} to {@code out}, each with the number of units of {@code piece} it covers:
     * UTF-8 bytes for a byte-level model, code points otherwise.
     */
    void tokenize(String piece, TokenBuffer out);

    /** The model's token strings and ids. */
    Vocabulary vocabulary();

    /** The id of a token string of the vocabulary, or -1. */
    default int tokenToId(String token) {
        return vocabulary().id(token);
    }

    /** The token string of an id, or null when the vocabulary has no such id. */
    default String idToToken(int id) {
        return vocabulary().token(id);
    }

    /** One more than the largest id of the vocabulary. */
    default int vocabularySize() {
        return vocabulary().size();
    }
}
