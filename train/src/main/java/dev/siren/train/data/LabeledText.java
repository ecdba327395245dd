package dev.siren.train.data;

import dev.siren.guard.TextContract;

import java.util.ArrayList;
import java.util.List;

/**
 * One labelled example as read from a data file.
 *
 * @param prompt   the prompt (or the whole text of a row without response)
 * @param response the response, or null for a prompt row
 * @param label    1 = harmful, 0 = benign
 * @param source   the source dataset (the unit of per-source metrics)
 * @param location {@code file:line} of the row, for messages
 */
public record LabeledText(String prompt, String response, int label, String source, String location) {

    /** What the backbone reads: the prompt, or the pair joined as the guard scores it ({@link TextContract#joinPair}). */
    public String text() {
        return TextContract.joinPair(prompt, response);
    }

    /** Whether the row is a (prompt, response) pair. */
    public boolean hasResponse() {
        return response != null && !response.isEmpty();
    }

    /**
     * The response as a stream delivers it: pieces of {@code chunkChars} characters (the last may be shorter), one
     * character longer where a piece would end inside a surrogate pair. Empty for a prompt row.
     *
     * @throws IllegalArgumentException if {@code chunkChars} is below 1
     */
    public List<String> responseChunks(int chunkChars) {
        if (chunkChars < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1 character, got " + chunkChars);
        }
        List<String> chunks = new ArrayList<>();
        String text = response == null ? "" : response;
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + chunkChars);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++;
            }
            chunks.add(text.substring(from, to));
            from = to;
        }
        return chunks;
    }
}
