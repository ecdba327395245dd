package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;

/**
 * The ByteLevel pre-tokenizer. Its byte-to-character mapping is applied by the pipeline when it hands pieces to the
 * model (see {@code ByteLevelAlphabet}); here it only splits with the GPT-2 pattern when {@code use_regex} is set.
 */
public final class ByteLevelPreTokenizer implements PreTokenizer {
    private final SplitPreTokenizer gpt2Split;

    public ByteLevelPreTokenizer(boolean useRegex) {
        this.gpt2Split = useRegex ? new SplitPreTokenizer(new Gpt2Scanner(), SplitBehavior.ISOLATED, false) : null;
    }

    @Override
    public void split(int[] cps, int start, int end, IntRanges out) {
        if (gpt2Split == null) {
            out.add(start, end);
        } else {
            gpt2Split.split(cps, start, end, out);
        }
    }
}
