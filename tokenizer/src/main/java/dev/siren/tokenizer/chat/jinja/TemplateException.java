package dev.siren.tokenizer.chat.jinja;

/**
 * A template that cannot be parsed, or that fails while rendering (an undefined attribute used, a type error, the
 * template's own {@code raise_exception}). The message says on which line of the template, as Jinja2's does.
 */
public final class TemplateException extends RuntimeException {
    private final int line; // 0 when not known yet

    public TemplateException(String message) {
        this(0, message);
    }

    TemplateException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** This error located at {@code line}, unless it already knows its line. */
    TemplateException at(int line) {
        return this.line > 0 || line <= 0 ? this : new TemplateException(line, getMessage());
    }
}
