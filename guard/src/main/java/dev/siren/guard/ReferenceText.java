package dev.siren.guard;

/**
 * The text preprocessing of the reference extraction (siren-method.md §1): Python's {@code str.strip()}, and an
 * empty result becomes a single space. Python's notion of whitespace is used, not Java's: it also strips
 * no-break spaces (U+00A0, U+2007, U+202F), U+0085 and the other Unicode space separators, which
 * {@link String#strip()} keeps.
 */
public final class ReferenceText {

    private ReferenceText() {
    }

    /** The text as the head was trained to read it. */
    public static String prepare(String text) {
        int start = firstNonSpace(text);
        int end = lastNonSpace(text) + 1;
        return start >= end ? " " : text.substring(start, end);
    }

    /** Index of the first character that is not Python whitespace, or {@code text.length()}. */
    public static int firstNonSpace(CharSequence text) {
        int i = 0;
        while (i < text.length() && isPythonSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the last character that is not Python whitespace, or -1. */
    public static int lastNonSpace(CharSequence text) {
        int i = text.length() - 1;
        while (i >= 0 && isPythonSpace(text.charAt(i))) {
            i--;
        }
        return i;
    }

    /**
     * Python's {@code str.isspace()} for one character: Unicode category Zs, or bidirectional class WS, B or S.
     * All such characters are in the BMP, so a UTF-16 unit suffices.
     */
    public static boolean isPythonSpace(char c) {
        if (Character.getType(c) == Character.SPACE_SEPARATOR) {
            return true;
        }
        byte direction = Character.getDirectionality(c);
        return direction == Character.DIRECTIONALITY_WHITESPACE
                || direction == Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR
                || direction == Character.DIRECTIONALITY_SEGMENT_SEPARATOR;
    }
}
