package dev.siren.tokenizer.pretokenizer;

import dev.siren.tokenizer.text.IntRanges;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches with java.util.regex, for Split patterns that have no hand-written scanner. Java's regex dialect agrees
 * with Oniguruma's on the usual constructs ({@code \p{L}}, {@code \s} as White_Space, lookahead), but it backtracks:
 * prefer a scanner for patterns applied to untrusted long input.
 */
public final class RegexMatchFinder implements MatchFinder {
    private final Pattern pattern;

    public RegexMatchFinder(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public void findMatches(int[] cps, int start, int end, IntRanges out) {
        String text = new String(cps, start, end - start);
        Matcher m = pattern.matcher(text);
        int charPos = 0;
        int cpPos = start;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            int matchStart = cpPos + text.codePointCount(charPos, m.start());
            int matchEnd = matchStart + text.codePointCount(m.start(), m.end());
            out.add(matchStart, matchEnd);
            charPos = m.end();
            cpPos = matchEnd;
        }
    }
}
