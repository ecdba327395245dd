package dev.siren.cli;

import dev.siren.tokenizer.SirenException;

/** A mistake the user can fix (bad option, missing file): printed as one line, exit code 2, no stack trace. */
public final class CliException extends SirenException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
