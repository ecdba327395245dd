package dev.siren.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small tokenizer that behaves like byte-level BPE where streaming cares: an added token matched on the raw
 * text first, a GPT-2-style pre-tokenizer regex (words carry their leading space), and inside each piece a greedy
 * longest match over multi-character entries, so splitting a word into chunks changes its tokens. Its
 * {@link #stableLength} follows the same rules as the real tokenizer's. Records the longest text it was asked to
 * encode.
 */
public final class FakeTokenizer implements TokenEncoder {

    public static final int BOS = 1;
    public static final int END = 2;
    public static final String END_TEXT = "<| end of text |>";
    private static final Pattern PRE_TOKENS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
    private static final List<String> PIECES = List.of("the", " th", "he", "ll", "llo", " w", "or", "ld", "ing", " a",
            "an", "and", " and", "ou", " you", "er", "re", "in", "is", " is", "at", "st", "ent", "ion", "  ", "\n\n",
            "12", "123", "ab", "abc", "ha", "arm", "ful", " harm");

    private final boolean addBos;
    public volatile int longestInput;

    public FakeTokenizer(boolean addBos) {
        this.addBos = addBos;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        longestInput = Math.max(longestInput, text.length());
        List<Integer> ids = new ArrayList<>();
        if (addSpecialTokens && addBos) {
            ids.add(BOS);
        }
        int from = 0;
        int end;
        while ((end = text.indexOf(END_TEXT, from)) >= 0) {
            encodeOrdinary(text.substring(from, end), ids);
            ids.add(END);
            from = end + END_TEXT.length();
        }
        encodeOrdinary(text.substring(from), ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The start of the last pre-token that follows a non-whitespace piece (a whitespace run could still be joined
     * by a later newline), and not after the start of a partial added token at the end; 0 if none.
     */
    @Override
    public int stableLength(String text) {
        int limit = text.length();
        for (int len = Math.min(END_TEXT.length() - 1, text.length()); len > 0; len--) {
            if (END_TEXT.startsWith(text.substring(text.length() - len))) {
                limit = text.length() - len;
                break;
            }
        }
        List<int[]> pieces = new ArrayList<>(); // {start, 1 if whitespace}
        int from = 0;
        int end;
        while ((end = text.indexOf(END_TEXT, from)) >= 0) {
            addPieces(text, from, end, pieces);
            pieces.add(new int[]{end, 0});
            from = end + END_TEXT.length();
        }
        addPieces(text, from, text.length(), pieces);
        for (int k = pieces.size() - 1; k > 0; k--) { // the last piece can still grow, but not start elsewhere
            if (pieces.get(k)[0] <= limit && pieces.get(k - 1)[1] == 0) {
                return pieces.get(k)[0];
            }
        }
        return 0;
    }

    private static void addPieces(String text, int from, int to, List<int[]> pieces) {
        Matcher matcher = PRE_TOKENS.matcher(text).region(from, to);
        while (matcher.find()) {
            pieces.add(new int[]{matcher.start(), matcher.group().isBlank() ? 1 : 0});
        }
    }

    private static void encodeOrdinary(String text, List<Integer> ids) {
        Matcher matcher = PRE_TOKENS.matcher(text);
        while (matcher.find()) {
            String piece = matcher.group();
            int i = 0;
            while (i < piece.length()) {
                int best = -1;
                for (int p = 0; p < PIECES.size(); p++) {
                    if (piece.startsWith(PIECES.get(p), i) && (best < 0 || PIECES.get(p).length() > PIECES.get(best).length())) {
                        best = p;
                    }
                }
                if (best >= 0) {
                    ids.add(300 + best);
                    i += PIECES.get(best).length();
                } else {
                    ids.add(10 + Math.floorMod(piece.codePointAt(i), 280));
                    i += Character.charCount(piece.codePointAt(i));
                }
            }
        }
    }
}
