package dev.siren.tokenizer.model;

/**
 * GPT-2's reversible byte-to-character mapping: printable Latin-1 bytes map to themselves, the other 68 bytes to
 * U+0100 and up, so every byte sequence becomes a string of visible characters (a space becomes 'Ġ').
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x180];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    public static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The byte a character stands for, or -1 when it is not in the alphabet. */
    public static int byteOf(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The UTF-8 bytes of a text, one alphabet character each. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                out.append(BYTE_TO_CHAR[c]);
            } else if (c < 0x800) {
                out.append(BYTE_TO_CHAR[0xC0 | (c >> 6)]).append(BYTE_TO_CHAR[0x80 | (c & 0x3F)]);
            } else if (c < 0x10000) {
                out.append(BYTE_TO_CHAR[0xE0 | (c >> 12)]).append(BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)])
                        .append(BYTE_TO_CHAR[0x80 | (c & 0x3F)]);
            } else {
                out.append(BYTE_TO_CHAR[0xF0 | (c >> 18)]).append(BYTE_TO_CHAR[0x80 | ((c >> 12) & 0x3F)])
                        .append(BYTE_TO_CHAR[0x80 | ((c >> 6) & 0x3F)]).append(BYTE_TO_CHAR[0x80 | (c & 0x3F)]);
            }
        }
        return out.toString();
    }

    /** Number of UTF-8 bytes of a code point. */
    public static int utf8Length(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
}
