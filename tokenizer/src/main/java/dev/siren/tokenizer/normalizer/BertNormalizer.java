package dev.siren.tokenizer.normalizer;

import dev.siren.tokenizer.text.CharClasses;
import dev.siren.tokenizer.text.NormalizedText;
import java.text.Normalizer.Form;

/**
 * BERT's normalizer: drop control characters and map whitespace to ' ' (clean_text), surround CJK ideographs with
 * spaces, strip accents (NFD, then drop Mn; by default only when lower-casing) and lower-case, in that order.
 */
public final class BertNormalizer implements Normalizer {
    private static final int[] REMOVE = {};
    private static final int[] SPACE = {' '};

    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    public BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    @Override
    public void normalize(NormalizedText text) {
        if (cleanText) {
            text.mapEach(BertNormalizer::clean);
        }
        if (handleChineseChars) {
            text.mapEach(c -> isChineseChar(c) ? new int[] {' ', c, ' '} : null);
        }
        if (stripAccents) {
            new UnicodeNormalizer(Form.NFD).normalize(text);
            new StripAccentsNormalizer().normalize(text);
        }
        if (lowercase) {
            new LowercaseNormalizer().normalize(text);
        }
    }

    private static int[] clean(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return SPACE;
        }
        if (c == 0 || c == 0xFFFD || CharClasses.isOtherCategory(c)) {
            return REMOVE;
        }
        if (c != ' ' && CharClasses.isWhitespace(c)) {
            return SPACE;
        }
        return null;
    }

    private static boolean isChineseChar(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
