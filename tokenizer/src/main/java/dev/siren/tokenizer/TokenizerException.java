package dev.siren.tokenizer;

/**
 * A tokenizer file that cannot be used: malformed JSON, a missing or wrong field, or a component this library does not
 * implement. The message names the file, the field and what was expected, so a user can act on it.
 */
public final class TokenizerException extends SirenException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
