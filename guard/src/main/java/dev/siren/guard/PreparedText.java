package dev.siren.guard;

/**
 * A text ready to be scored by {@link Guard#scorePrepared}, with what scoring it costs in backbone tokens. A service
 * prepares texts before queueing them, so that it can budget its work in tokens; a guard that tokenizes keeps the
 * ids here so that the text is tokenized only once.
 */
public final class PreparedText {

    private final String text;
    private final int tokens;
    private final Guard encodedBy;
    private final int[] ids;

    private PreparedText(String text, int tokens, Guard encodedBy, int[] ids) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        this.text = text;
        this.tokens = Math.max(1, tokens);
        this.encodedBy = encodedBy;
        this.ids = ids;
    }

    /** A text whose cost the guard counted or estimated ({@code tokens}, at least 1), without ids. */
    public static PreparedText of(String text, int tokens) {
        return new PreparedText(text, tokens, null, null);
    }

    /**
     * A text with an estimated cost of one token per 4 characters: what byte-level BPE tokenizers average on
     * English. For guards that cannot count.
     */
    public static PreparedText estimated(String text) {
        return of(text, text == null ? 1 : (text.length() + 3) / 4);
    }

    /** A text with the ids {@code guard} reads for it. */
    static PreparedText encoded(String text, int[] ids, Guard guard) {
        return new PreparedText(text, ids.length, guard, ids);
    }

    public String text() {
        return text;
    }

    /** Backbone tokens scoring this text costs (at least 1). */
    public int tokens() {
        return tokens;
    }

    /** The ids {@code guard} encoded for this text, or null when another guard (or none) prepared it. */
    int[] idsFor(Guard guard) {
        return encodedBy == guard ? ids : null;
    }
}
