package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;

/** Hugging Face's Split pre-tokenizer: splits around the matches of a pattern. */
public final class SplitPreTokenizer implements PreTokenizer {
    private final MatchFinder finder;
    private final SplitBehavior behavior;
    private final boolean invert;
    private final ThreadLocal<IntRanges> matches = ThreadLocal.withInitial(IntRanges::new);

    public SplitPreTokenizer(MatchFinder finder, SplitBehavior behavior, boolean invert) {
        this.finder = finder;
        this.behavior = behavior;
        this.invert = invert;
    }

    @Override
    public void split(int[] cps, int start, int end, IntRanges out) {
        IntRanges found = matches.get();
        found.clear();
        finder.findMatches(cps, start, end, found);
        behavior.apply(start, end, found, invert, out);
    }
}
