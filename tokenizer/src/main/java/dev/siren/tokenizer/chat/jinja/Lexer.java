package dev.siren.tokenizer.chat.jinja;

import dev.siren.tokenizer.chat.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens exactly as Jinja2's lexer does with Hugging Face's settings: {@code trim_blocks} and
 * {@code lstrip_blocks} on, {@code keep_trailing_newline} off, newlines normalized to "\n", whitespace control with
 * {@code -} (strip) and {@code +} (keep), comments dropped, {@code raw} blocks kept verbatim.
 */
final class Lexer {
    private static final String[] OPERATORS = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~",
            "[", "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final int[] newlines; // offsets of '\n', to turn an offset into a line number
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        this.newlines = java.util.stream.IntStream.range(0, src.length()).filter(i -> src.charAt(i) == '\n').toArray();
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int tag = nextTagStart(pos);
            if (tag < 0) {
                data(src.substring(pos), pos);
                break;
            }
            String text = src.substring(pos, tag);
            char kind = src.charAt(tag + 1);
            char sign = tag + 2 < src.length() ? src.charAt(tag + 2) : 0;
            if (sign == '-') {
                text = Py.rstrip(text, null);
            } else if (sign != '+' && kind != '{') {
                int lineStart = text.lastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                        && Py.isBlank(text.substring(lineStart))) {
                    text = text.substring(0, lineStart);
                }
            }
            data(text, pos);
            pos = tag + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            switch (kind) {
                case '#' -> comment(tag);
                case '%' -> block(tag);
                default -> expression(Kind.VAR_BEGIN, tag, "}}");
            }
        }
        tokens.add(new Token(Kind.EOF, "", line(src.length())));
    }

    private int nextTagStart(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private void data(String text, int at) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.DATA, text, line(at)));
        }
    }

    private void comment(int tag) {
        int end = src.indexOf("#}", pos);
        if (end < 0) {
            throw error(tag, "the comment is never closed (missing '#}')");
        }
        pos = end + 2;
        tagEnd(src.charAt(end - 1), true);
    }

    /** After a block or comment end: '-' strips all following whitespace, else trim_blocks drops one newline. */
    private void tagEnd(char before, boolean trimNewline) {
        int start = pos;
        if (before == '-') {
            while (pos < src.length() && Py.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        } else if (trimNewline && before != '+' && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = pos > start && src.charAt(pos - 1) == '\n';
    }

    private void block(int tag) {
        int afterName = skipSpaces(pos);
        if (src.startsWith("raw", afterName)) {
            int close = skipSpaces(afterName + 3);
            if (src.startsWith("%}", close) || src.startsWith("-%}", close)) {
                raw(tag, close);
                return;
            }
        }
        expression(Kind.BLOCK_BEGIN, tag, "%}");
    }

    private void raw(int tag, int close) {
        pos = close + (src.charAt(close) == '-' ? 3 : 2);
        tagEnd(src.charAt(pos - 3), true);
        int search = pos;
        while (true) {
            int end = src.indexOf("{%", search);
            if (end < 0) {
                throw error(tag, "the raw block is never closed (missing '{% endraw %}')");
            }
            int name = skipSpaces(end + 2 + (end + 2 < src.length() && "-+".indexOf(src.charAt(end + 2)) >= 0 ? 1 : 0));
            if (src.startsWith("endraw", name)) {
                int stop = skipSpaces(name + 6);
                boolean dash = src.startsWith("-%}", stop);
                if (dash || src.startsWith("%}", stop)) {
                    String body = src.substring(pos, end);
                    data(src.charAt(end + 2) == '-' ? Py.rstrip(body, null) : body, pos);
                    pos = stop + (dash ? 3 : 2);
                    tagEnd(dash ? '-' : '%', true);
                    return;
                }
            }
            search = end + 2;
        }
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Py.isWhitespace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The tokens inside {{ }} or {% %}, up to the closing marker (ignored while brackets are open, as Jinja2 does). */
    private void expression(Kind begin, int tag, String close) {
        tokens.add(new Token(begin, "", line(tag)));
        Kind end = begin == Kind.VAR_BEGIN ? Kind.VAR_END : Kind.BLOCK_END;
        int depth = 0;
        while (true) {
            pos = skipSpaces(pos);
            if (pos >= src.length()) {
                throw error(tag, "the tag is never closed (missing '" + close + "')");
            }
            if (depth == 0) {
                boolean dash = src.startsWith("-" + close, pos);
                if (dash || src.startsWith(close, pos)) {
                    tokens.add(new Token(end, "", line(pos)));
                    pos += close.length() + (dash ? 1 : 0);
                    tagEnd(dash ? '-' : ' ', end == Kind.BLOCK_END);
                    return;
                }
            }
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isDigit(c)) {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                tokens.add(new Token(Kind.NAME, src.substring(start, pos), line(start)));
            } else {
                String op = operator();
                if (op == null) {
                    throw error(pos, "unexpected character '" + c + "'");
                }
                depth += "([{".contains(op) ? 1 : ")]}".contains(op) ? -1 : 0;
                if (depth < 0) {
                    throw error(pos, "unexpected '" + op + "'");
                }
                tokens.add(new Token(Kind.OP, op, line(pos)));
                pos += op.length();
            }
        }
    }

    private String operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                return op;
            }
        }
        return null;
    }

    private void number() {
        int start = pos;
        digits();
        boolean isFloat = false;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            pos++;
            digits();
            isFloat = true;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                digits();
                isFloat = true;
            } else {
                pos = mark;
            }
        }
        String text = src.substring(start, pos).replace("_", "");
        tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INT, text, line(start)));
    }

    private void digits() {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    /** A quoted literal, its escapes decoded as Python's unicode-escape codec does. */
    private void string(char quote) {
        int start = pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "the string literal is never closed");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c != '\\' || pos >= src.length()) {
                out.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'a' -> out.append('\u0007');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = pos - 1;
                    while (end < pos + 2 && end < src.length() && src.charAt(end) >= '0' && src.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) Integer.parseInt(src.substring(pos - 1, end), 8));
                    pos = end;
                }
                case 'x' -> out.appendCodePoint(hex(2, start));
                case 'u' -> out.appendCodePoint(hex(4, start));
                case 'U' -> out.appendCodePoint(hex(8, start));
                case '\n' -> { } // a backslash-newline continues the line
                case '\\', '\'', '"' -> out.append(e);
                default -> out.append('\\').append(e);
            }
        }
        tokens.add(new Token(Kind.STRING, out.toString(), line(start)));
    }

    private int hex(int n, int start) {
        if (pos + n > src.length()) {
            throw error(start, "truncated \\x, \\u or \\U escape in a string literal");
        }
        try {
            int cp = Integer.parseInt(src.substring(pos, pos + n), 16);
            pos += n;
            return cp;
        } catch (NumberFormatException e) {
            throw error(start, "bad \\x, \\u or \\U escape in a string literal");
        }
    }

    private int line(int at) {
        int i = java.util.Arrays.binarySearch(newlines, at);
        return (i >= 0 ? i : -i - 1) + 1;
    }

    private TemplateException error(int at, String message) {
        return new TemplateException(line(at), message);
    }
}
