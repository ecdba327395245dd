package dev.siren.guard.head;

/** A head folder or head file that cannot be used, with a message naming the file and field at fault. */
public class InvalidHeadException extends RuntimeException {

    public InvalidHeadException(String message) {
        super(message);
    }

    public InvalidHeadException(String message, Throwable cause) {
        super(message, cause);
    }
}
