package dev.siren.train.data;

import dev.siren.tokenizer.SirenException;

/** A data file that cannot be used as given; the message names the file (and line) and what was expected. */
public final class DataFileException extends SirenException {

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
