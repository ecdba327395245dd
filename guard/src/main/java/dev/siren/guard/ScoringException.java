package dev.siren.guard;

import dev.siren.tokenizer.SirenException;

/**
 * The guard could not compute a valid score for a text (for example the head produced NaN or infinity). A guard
 * fails closed: this is an error to report, never a "clean" verdict. The CLI exits 2 on it; the service answers
 * 500 {@code internal_error}.
 */
public class ScoringException extends SirenException {

    public ScoringException(String message) {
        super(message);
    }

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
