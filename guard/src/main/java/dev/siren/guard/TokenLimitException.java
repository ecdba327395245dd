package dev.siren.guard;

import dev.siren.tokenizer.SirenException;

/** A stream grew past its session's token cap; the session is unchanged and can still be read or closed. */
public class TokenLimitException extends SirenException {

    private final int limit;

    public TokenLimitException(String message, int limit) {
        super(message);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
