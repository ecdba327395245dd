package dev.siren.guard;

import dev.siren.guard.stream.SpecialTokens;
import dev.siren.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * What a SIREN head reads for a text, in the one place that training, scoring, the CLI and the service all call, so
 * that a head is scored on exactly the text it was fitted on:
 * <ol>
 *   <li>{@link #joinPair}: a (prompt, response) pair is read as {@code prompt + "\n" + response};</li>
 *   <li>{@link #prepare}: Python's {@code str.strip()} (siren-method.md §1), and an empty result becomes a single
 *       space. Python's notion of whitespace is used, not Java's: it also strips no-break spaces (U+00A0, U+2007,
 *       U+202F), U+0085 and the other Unicode space separators, which {@link String#strip()} keeps;</li>
 *   <li>{@link #ids}: the tokenizer's special tokens are added and at most {@code max_length} tokens kept, as
 *       Hugging Face truncates: the text's first tokens, with the special tokens kept
 *       (Llama 3: [bos] + first 511; BERT: [CLS] + first 510 + [SEP]).</li>
 * </ol>
 * Instances are thread-safe when their encoder is.
 */
public final class TextContract {

    private final TokenEncoder encoder;
    private final SpecialTokens specialTokens;
    private final int maxLength;

    private TextContract(TokenEncoder encoder, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max length must be at least 1, got " + maxLength);
        }
        this.encoder = encoder;
        this.specialTokens = SpecialTokens.of(encoder);
        this.maxLength = maxLength;
    }

    /** The contract of a head that reads at most {@code maxLength} tokens through {@code encoder}. */
    public static TextContract of(TokenEncoder encoder, int maxLength) {
        return new TextContract(encoder, maxLength);
    }

    public static TextContract of(Tokenizer tokenizer, int maxLength) {
        return of(TokenEncoder.of(tokenizer), maxLength);
    }

    /** The ids the head reads for a raw text: prepared, special tokens added, truncated to max_length. */
    public int[] ids(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return truncate(encoder.encode(prepare(text), true));
    }

    /**
     * Cuts ids that carry this tokenizer's special tokens to at most max_length, as Hugging Face truncates: the
     * text's tokens are shortened and the special tokens kept.
     *
     * @throws IllegalArgumentException if max_length cannot even hold the special tokens
     */
    public int[] truncate(int[] ids) {
        if (ids.length <= maxLength) {
            return ids;
        }
        int[] prefix = specialTokens.prefix();
        int[] suffix = specialTokens.suffix();
        int keep = maxLength - prefix.length - suffix.length;
        if (keep < 0) {
            throw new IllegalArgumentException("max length " + maxLength + " cannot hold the " + (prefix.length
                    + suffix.length) + " special tokens");
        }
        int[] cut = Arrays.copyOf(ids, maxLength);
        System.arraycopy(suffix, 0, cut, prefix.length + keep, suffix.length);
        return cut;
    }

    /** Whether {@code ids} start and end with the special tokens this tokenizer adds. */
    public boolean hasSpecialTokens(int[] ids) {
        int[] prefix = specialTokens.prefix();
        int[] suffix = specialTokens.suffix();
        return ids.length >= prefix.length + suffix.length
                && Arrays.equals(ids, 0, prefix.length, prefix, 0, prefix.length)
                && Arrays.equals(ids, ids.length - suffix.length, ids.length, suffix, 0, suffix.length);
    }

    public int maxLength() {
        return maxLength;
    }

    /** The text a (prompt, response) pair is read as; a null or empty response reads the prompt alone. */
    public static String joinPair(String prompt, String response) {
        if (response == null || response.isEmpty()) {
            return prompt;
        }
        return prompt + "\n" + response;
    }

    /** The text as the head reads it: Python-stripped, and " " when nothing is left. */
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
