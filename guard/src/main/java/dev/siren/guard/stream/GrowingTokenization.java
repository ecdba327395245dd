package dev.siren.guard.stream;

import dev.siren.guard.ReferenceText;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.TokenLimitException;

import java.util.Arrays;

/**
 * The token ids of a growing text, kept equal to tokenising the whole text at once while re-tokenising only its
 * unstable tail.
 *
 * <p>The ids are {@code prefix + body + suffix}, where body tokenises {@link ReferenceText#prepare} of the text.
 * A body's leading part is "stable": its characters {@code [0, stableChars)} tokenise to the first
 * {@code stableTokens} ids whatever follows. Each append re-tokenises only {@code [stableChars, end)}, compares
 * with the current ids, and reports how many trailing ids to roll back and which to append. After that the stable
 * point moves to the last boundary between kinds of characters (letters, digits, spaces, others) that lies at
 * least {@link #UNSTABLE_CHARS} characters before the end, provided that tokenising the two sides separately
 * gives exactly the same ids (checked, not assumed).
 *
 * <p>Why the boundary then stays valid as text is added: byte-level BPE tokenizers (Qwen, Llama 3, GPT-2) split
 * the text into pre-tokens with a regex whose matches at a position depend on the characters from there up to a
 * short lookahead, and merge only inside pre-tokens; added tokens are matched on the raw text and are shorter
 * than {@link #UNSTABLE_CHARS}. With that many known characters after the boundary, later text cannot move it.
 * Where the check fails (e.g. tokenizers that treat a text's start specially), the tail simply grows: the ids stay
 * exact and only the tokenising cost rises.
 */
final class GrowingTokenization {

    /** Characters kept re-tokenisable at the end: more than the longest added token (~30) plus regex lookahead. */
    static final int UNSTABLE_CHARS = 64;
    /** Split points tried per append; each costs a re-tokenisation of the tail. */
    private static final int MAX_BOUNDARY_TRIES = 3;

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
        int start = ReferenceText.firstNonSpace(text);
        int end = ReferenceText.lastNonSpace(text) + 1;
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
     * Moves the stable point to the last boundary between two kinds of characters (letter, digit, whitespace,
     * other) at least {@link #UNSTABLE_CHARS} before the end where the split is verified; tries a few boundaries
     * (e.g. "a.b" splits before ".b", not after ".") and gives up for this append if none verifies.
     */
    private void advanceStablePoint(String tail, int[] tailIds) {
        int boundary = tail.length() - UNSTABLE_CHARS + 1;
        for (int tries = 0; tries < MAX_BOUNDARY_TRIES; tries++) {
            boundary = previousBoundary(tail, boundary - 1);
            if (boundary <= 0) {
                return;
            }
            int[] head = encoder.encode(tail.substring(0, boundary), false);
            int[] rest = encoder.encode(tail.substring(boundary), false);
            if (head.length + rest.length == tailIds.length
                    && Arrays.equals(head, 0, head.length, tailIds, 0, head.length)
                    && Arrays.equals(rest, 0, rest.length, tailIds, head.length, tailIds.length)) {
                stableChars += boundary;
                stableTokens += head.length;
                return;
            }
        }
    }

    /** The largest position in [1, from] where the kind of character changes, or 0. */
    private static int previousBoundary(String text, int from) {
        for (int i = from; i > 0; i--) {
            if (kind(text.charAt(i - 1)) != kind(text.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** 0 letter, 1 digit, 2 whitespace, 3 anything else (surrogate halves count as "else", so pairs stay whole). */
    private static int kind(char c) {
        if (ReferenceText.isPythonSpace(c)) {
            return 2;
        }
        if (Character.isSurrogate(c)) {
            return 3;
        }
        return Character.isLetter(c) ? 0 : Character.isDigit(c) ? 1 : 3;
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
