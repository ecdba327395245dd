package dev.siren.train.data;

/**
 * One labelled example as read from a data file.
 *
 * @param text     what the backbone reads: the prompt, or {@code prompt + "\n" + response} for response rows
 * @param label    1 = harmful, 0 = benign
 * @param source   the source dataset (the unit of per-source metrics)
 * @param location {@code file:line} of the row, for messages
 */
public record LabeledText(String text, int label, String source, String location) {
}
