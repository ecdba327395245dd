package dev.siren.train.data;

/**
 * Which fields of a row hold what. The text is the {@code text} field, or {@code text + "\n" + response} when a
 * response field is named and non-empty for the row.
 *
 * @param text     field of the prompt (or the whole text)
 * @param response field of the response, or null
 * @param label    field of the label (0/1, true/false, or harmful/unsafe vs safe/benign/unharmful)
 * @param source   field naming the source dataset, or null to use the file name
 * @param kind     field saying "prompt" or "response" (the SIREN schema's {@code kind}), or null: a "prompt" row is
 *                 scored on its prompt alone and a "response" row must have a response
 */
public record ColumnMapping(String text, String response, String label, String source, String kind) {

    /** The JSONL schema of the project's data files: prompt, response, label, source, kind. */
    public static final ColumnMapping SIREN_SCHEMA = new ColumnMapping("prompt", "response", "label", "source", "kind");

    public ColumnMapping {
        if (text == null || text.isBlank() || label == null || label.isBlank()) {
            throw new IllegalArgumentException("a column mapping needs the text and label fields");
        }
    }
}
