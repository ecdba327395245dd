package dev.siren.engine;

import dev.siren.tokenizer.SirenException;

/**
 * A model folder or weights file that cannot be used: missing file or tensor, wrong shape, corrupt data,
 * unsupported dtype or architecture. The message names the file (and tensor or field) and what was expected,
 * so callers can show it to the user as is.
 */
public class ModelFormatException extends SirenException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
