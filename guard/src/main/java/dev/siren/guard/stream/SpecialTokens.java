package dev.siren.guard.stream;

import dev.siren.guard.TokenEncoder;

import java.util.Arrays;

/**
 * The special tokens a tokenizer puts before and after a text (e.g. Llama 3: [begin_of_text] before, nothing
 * after), found by encoding a probe text with and without them. A stream keeps these fixed around its body, and
 * truncation ({@link dev.siren.guard.TextContract#truncate}) keeps them.
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
}
