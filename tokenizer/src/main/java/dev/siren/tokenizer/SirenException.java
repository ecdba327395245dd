package dev.siren.tokenizer;

/**
 * The base of every error siren reports for the user to fix: a bad option or input, a missing or corrupt model,
 * tokenizer or head file, a Hub that cannot provide a model, a score that cannot be computed. The message is one
 * line naming the file or field and what was expected, so front ends show it as is: the CLI exits 2, the service
 * answers with an error body. It lives in the lowest module so that every module's errors can extend it.
 */
public abstract class SirenException extends RuntimeException {

    protected SirenException(String message) {
        super(message);
    }

    protected SirenException(String message, Throwable cause) {
        super(message, cause);
    }
}
