package dev.siren.train.data;

import dev.siren.guard.TextContract;

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
}
