package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.CharClasses;
import dev.siren.tokenizer.text.IntRanges;

/** BERT's pre-tokenizer: splits on whitespace (dropped) and isolates every punctuation character. */
public final class BertPreTokenizer implements PreTokenizer {

    @Override
    public void split(int[] cps, int start, int end, IntRanges out) {
        int wordStart = -1;
        for (int i = start; i < end; i++) {
            int c = cps[i];
            boolean space = CharClasses.isWhitespace(c);
            if (space || CharClasses.isBertPunctuation(c)) {
                if (wordStart >= 0) {
                    out.add(wordStart, i);
                    wordStart = -1;
                }
                if (!space) {
                    out.add(i, i + 1);
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
        }
        if (wordStart >= 0) {
            out.add(wordStart, end);
        }
    }
}
