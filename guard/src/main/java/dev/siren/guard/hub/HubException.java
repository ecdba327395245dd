package dev.siren.guard.hub;

import dev.siren.tokenizer.SirenException;

/** A Hub download that cannot be done, with a message that says what to do about it. */
public class HubException extends SirenException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
