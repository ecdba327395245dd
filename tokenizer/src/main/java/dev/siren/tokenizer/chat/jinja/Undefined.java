package dev.siren.tokenizer.chat.jinja;

/**
 * Jinja2's default {@code Undefined}: a missing variable, attribute or item. It prints as "", is false, iterates as
 * empty and has length 0; anything else done with it (an attribute of it, arithmetic, calling it) is an error whose
 * message says what was missing, as Jinja2's {@code UndefinedError} does.
 */
record Undefined(String hint) {

    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object owner, String attribute) {
        return new Undefined("'" + Py.typeName(owner) + " object' has no attribute '" + attribute + "'");
    }

    TemplateException error() {
        return new TemplateException(hint);
    }
}
