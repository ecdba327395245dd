package dev.siren.guard.head;

import dev.siren.tokenizer.SirenException;

/** A head folder or head file that cannot be used, with a message naming the file and field at fault. */
public class InvalidHeadException extends SirenException {

    public InvalidHeadException(String message) {
        super(message);
    }

    public InvalidHeadException(String message, Throwable cause) {
        super(message, cause);
    }
}
