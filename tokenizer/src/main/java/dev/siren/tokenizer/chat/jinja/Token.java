package dev.siren.tokenizer.chat.jinja;

/** One lexical token of a template; {@code line} is 1-based, for error messages. */
record Token(Kind kind, String text, int line) {

    enum Kind { DATA, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isName(String t) {
        return is(Kind.NAME, t);
    }

    boolean isOp(String t) {
        return is(Kind.OP, t);
    }
}
