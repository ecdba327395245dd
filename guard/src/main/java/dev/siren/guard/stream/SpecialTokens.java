package dev.siren.guard.stream;

import dev.siren.guard.TokenEncoder;

import java.util.Arrays;

/**
 * The special tokens a tokenizer puts before and after a text (e.g. Llama 3: [begin_of_text] before, nothing
 * after), found by encoding a probe text with and without them. A stream keeps these fixed around its body, and
 * truncation keeps them.
 *
 * @param prefix ids added before the text
 * @param suffix ids added after the text
 */
public record SpecialTokens(int[] prefix, int[] suffix) {

    private static final String PROBE = "streaming probe";

    public static SpecialTokens of(TokenEncoder encoder) {
        int[] with = encoder.encode(PROBE, true);
        int[] without = encoder.encode(PROBE, false);
        for (int start = 0; start + without.length <= with.length; start++) {
            if (Arrays.equals(with, start, start + without.length, without, 0, without.length)) {
                return new SpecialTokens(Arrays.copyOfRange(with, 0, start),
                        Arrays.copyOfRange(with, start + without.length, with.length));
            }
        }
        throw new IllegalStateException("the tokenizer changes a text's own tokens when adding special tokens ("
                + Arrays.toString(without) + " vs " + Arrays.toString(with) + "); streaming cannot split them");
    }

    /**
     * Cuts ids made with special tokens to at most {@code maxLength} as Hugging Face truncates: the text's tokens
     * are shortened and the special tokens kept (Llama 3: [bos] + first 511; BERT: [CLS] + first 510 + [SEP]).
     */
    public int[] truncate(int[] ids, int maxLength) {
        if (ids.length <= maxLength) {
            return ids;
        }
        int keep = maxLength - prefix.length - suffix.length;
        if (keep < 0) {
            throw new IllegalArgumentException("max length " + maxLength + " cannot hold the " + (prefix.length
                    + suffix.length) + " special tokens");
        }
        int[] cut = Arrays.copyOf(ids, maxLength);
        System.arraycopy(suffix, 0, cut, prefix.length + keep, suffix.length);
        return cut;
    }
}
