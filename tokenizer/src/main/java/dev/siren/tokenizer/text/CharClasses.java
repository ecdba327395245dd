package dev.siren.tokenizer.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The character classes Hugging Face tokenizers tests, each defined the way the Rust code defines it: Rust's
 * {@code char::is_whitespace} (the White_Space property), regex {@code \p{L}}/{@code \p{N}}, and the frozen tables of
 * the {@code unicode_categories} crate that the BERT components use.
 */
public final class CharClasses {
    private static final Map<String, BitSet> CRATE_TABLES = loadCrateTables();
    private static final BitSet OTHER_CONTROL_OR_FORMAT = CRATE_TABLES.get("OTHER_CONTROL_OR_FORMAT");
    private static final BitSet PUNCTUATION = CRATE_TABLES.get("PUNCTUATION");
    private static final BitSet MARK_NONSPACING = CRATE_TABLES.get("MARK_NONSPACING");

    private CharClasses() {
    }

    /** Unicode White_Space: Rust's {@code char::is_whitespace} and the regex class {@code \s}. */
    public static boolean isWhitespace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D);
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Regex {@code \p{L}}. */
    public static boolean isLetter(int c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> true;
            default -> false;
        };
    }

    /** Regex {@code \p{N}}. */
    public static boolean isNumber(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        return switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** {@code unicode_categories}' {@code is_other()}: Cc, Cf or Co in the crate's tables. */
    public static boolean isOtherCategory(int c) {
        return OTHER_CONTROL_OR_FORMAT.get(c) || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD)
                || (c >= 0x100000 && c <= 0x10FFFD);
    }

    /** BERT's punctuation: ASCII punctuation or {@code unicode_categories}' {@code is_punctuation()}. */
    public static boolean isBertPunctuation(int c) {
        if (c < 0x80) {
            return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
                    || (c >= 0x7B && c <= 0x7E);
        }
        return PUNCTUATION.get(c);
    }

    /** {@code unicode_categories}' {@code is_mark_nonspacing()} (Mn). */
    public static boolean isMarkNonspacing(int c) {
        return MARK_NONSPACING.get(c);
    }

    private static Map<String, BitSet> loadCrateTables() {
        String name = "unicode-categories-0.1.1.txt";
        Map<String, BitSet> tables = new HashMap<>();
        try (InputStream in = CharClasses.class.getResourceAsStream("/dev/siren/tokenizer/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the siren-tokenizer jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split(" ");
                BitSet set = new BitSet();
                for (int i = 1; i < fields.length; i++) {
                    int dash = fields[i].indexOf('-');
                    int from = Integer.parseInt(dash < 0 ? fields[i] : fields[i].substring(0, dash), 16);
                    int to = dash < 0 ? from : Integer.parseInt(fields[i].substring(dash + 1), 16);
                    set.set(from, to + 1);
                }
                tables.put(fields[0], set);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }
}
