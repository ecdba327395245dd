package dev.siren.tokenizer;

import dev.siren.tokenizer.text.CharClasses;
import dev.siren.tokenizer.text.IntRanges;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in text as Hugging Face does: leftmost-longest matching (its Aho-Corasick configuration), then
 * the single_word, lstrip and rstrip rules of the matched token. Immutable and thread-safe.
 */
final class AddedTokenMatcher {
    private final Node root = new Node();
    private final boolean empty;
    /** First code points of the tokens: most positions are rejected with one bit test. */
    private final BitSet firstCodePoints = new BitSet();

    AddedTokenMatcher(List<AddedToken> tokens) {
        for (AddedToken token : tokens) {
            if (token.content().isEmpty()) {
                continue;
            }
            Node node = root;
            firstCodePoints.set(token.content().codePointAt(0));
            for (int cp : token.content().codePoints().toArray()) {
                node = node.children.computeIfAbsent(cp, k -> new Node());
            }
            node.token = token;
        }
        empty = root.children.isEmpty();
    }

    /**
     * Appends the matches in code points [start, end) to {@code ranges} and their tokens to {@code tokens}; the
     * ranges include the whitespace that lstrip/rstrip swallow.
     */
    void findMatches(int[] cps, int start, int end, IntRanges ranges, List<AddedToken> tokens) {
        if (empty) {
            return;
        }
        int consumed = start;
        int i = start;
        while (i < end) {
            if (!firstCodePoints.get(cps[i])) {
                i++;
                continue;
            }
            Node node = root.children.get(cps[i]);
            AddedToken longest = null;
            int longestEnd = -1;
            for (int j = i + 1; node != null; j++) {
                if (node.token != null) {
                    longest = node.token;
                    longestEnd = j;
                }
                node = j < end ? node.children.get(cps[j]) : null;
            }
            if (longest == null) {
                i++;
                continue;
            }
            int matchStart = i;
            int matchEnd = longestEnd;
            i = longestEnd;
            if (longest.singleWord() && (matchStart > start && isWordChar(cps[matchStart - 1])
                    || matchEnd < end && isWordChar(cps[matchEnd]))) {
                continue;
            }
            if (longest.lstrip()) {
                while (matchStart > consumed && CharClasses.isWhitespace(cps[matchStart - 1])) {
                    matchStart--;
                }
            }
            if (longest.rstrip()) {
                while (matchEnd < end && CharClasses.isWhitespace(cps[matchEnd])) {
                    matchEnd++;
                }
                i = matchEnd;
            }
            ranges.add(matchStart, matchEnd);
            tokens.add(longest);
            consumed = matchEnd;
        }
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static final class Node {
        final Map<Integer, Node> children = new HashMap<>();
        AddedToken token;
    }

    static List<AddedToken> select(List<AddedToken> tokens, boolean normalized) {
        List<AddedToken> out = new ArrayList<>();
        for (AddedToken t : tokens) {
            if (t.normalized() == normalized) {
                out.add(t);
            }
        }
        return out;
    }
}
