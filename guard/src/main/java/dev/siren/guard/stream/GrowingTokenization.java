package dev.siren.guard.stream;

import dev.siren.guard.TextContract;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.TokenLimitException;

import java.util.Arrays;

/**
 * The token ids of a growing text, kept equal to tokenising the whole text at once while re-tokenising only its
 * unstable tail.
 *
 * <p>The ids are {@code prefix + body + suffix}, where body tokenises {@link TextContract#prepare} of the text.
 * A body's leading part is "stable": its characters {@code [0, stableChars)} tokenise to the first
 * {@code stableTokens} ids whatever follows. Each append re-tokenises only {@code [stableChars, end)}, compares
 * with the current ids, and reports how many trailing ids to roll back and which to append. The stable point then
 * moves on by the tokenizer's {@link TokenEncoder#stableLength} of that tail: exact by the tokenizer's own rules
 * (pre-token boundaries that appended text cannot move: not after a whitespace run a newline could join, not inside
 * a partial added token, not before combining marks), so no guessed window is needed. A tokenizer that claims no
 * stable length leaves the tail growing: the ids stay exact and only the tokenising cost rises.
 */
final class GrowingTokenization {

    private final TokenEncoder encoder;
    private final SpecialTokens special;
    private final int tokenCap;
    private final StringBuilder text = new StringBuilder();
    private int[] ids = new int[64];
    private int length;
    private int stableChars;
    private int stableTokens;

    GrowingTokenization(TokenEncoder encoder, SpecialTokens special, int tokenCap) {
        this.encoder = encoder;
        this.special = special;
        this.tokenCap = tokenCap;
    }

    /** How the ids change for one append: drop {@code rollback} trailing ids, then add {@code append}. */
    record Change(int rollback, int[] append) {
    }

    String text() {
        return text.toString();
    }

    int length() {
        return length;
    }

    int[] ids() {
        return Arrays.copyOf(ids, length);
    }

    /**
     * Appends a chunk and returns how the ids changed. If the result would exceed the token cap, nothing changes
     * and a {@link TokenLimitException} is thrown.
     */
    Change append(String chunk) {
        int oldTextLength = text.length();
        text.append(chunk);
        int start = TextContract.firstNonSpace(text);
        int end = TextContract.lastNonSpace(text) + 1;
        String tail = start >= end ? " " : text.substring(start + stableChars, end); // blank texts read as " "
        int[] tailIds = encoder.encode(tail, false);
        int fixed = special.prefix().length + stableTokens;
        int newLength = fixed + tailIds.length + special.suffix().length;
        if (newLength > tokenCap) {
            text.setLength(oldTextLength);
            throw new TokenLimitException("the stream reached " + newLength + " tokens, past its cap of " + tokenCap
                    + " tokens (raise GuardOptions.streamTokenCap or start a new stream)", tokenCap);
        }
        int[] newEnd = concat(tailIds, special.suffix());
        if (length == 0) {
            newEnd = concat(special.prefix(), newEnd); // first append: the prefix is new too
            fixed = 0;
        }
        int common = 0;
        while (fixed + common < length && common < newEnd.length && ids[fixed + common] == newEnd[common]) {
            common++;
        }
        Change change = new Change(length - fixed - common, Arrays.copyOfRange(newEnd, common, newEnd.length));
        ensureCapacity(newLength);
        System.arraycopy(newEnd, common, ids, fixed + common, newEnd.length - common);
        length = newLength;
        if (start < end) {
            advanceStablePoint(tail, tailIds);
        }
        return change;
    }

    /**
     * Moves the stable point by the tokenizer's stable length of the tail. The ids of the stable part are the
     * tail's ids less those of the rest; should they not line up (an encoder breaking its own stableLength
     * contract), the point stays: still exact, only slower.
     */
    private void advanceStablePoint(String tail, int[] tailIds) {
        int stable = encoder.stableLength(tail);
        if (stable <= 0) {
            return;
        }
        int[] rest = encoder.encode(tail.substring(stable), false);
        int head = tailIds.length - rest.length;
        if (head >= 0 && Arrays.equals(rest, 0, rest.length, tailIds, head, tailIds.length)) {
            stableChars += stable;
            stableTokens += head;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(needed, ids.length * 2));
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
