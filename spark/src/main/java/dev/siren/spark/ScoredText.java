package dev.siren.spark;

import dev.siren.guard.TextContract;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which columns of a row are scored: one text column, or a prompt column and a response column, joined as the guard
 * joins a pair ({@link TextContract#joinPair}: a null or empty response scores the prompt alone). Checks each row's text:
 * null, empty and over-long texts are bad rows, with a message naming the column.
 */
record ScoredText(String mainCol, String responseCol, int mainIndex, int responseIndex, int maxChars)
        implements Serializable {

    /** A row's text to score, or (text null) why it cannot be scored. */
    record Extracted(String text, String problem) {
    }

    /** @param responseCol null to score {@code mainCol} alone */
    static ScoredText of(StructType schema, String mainCol, String responseCol, int maxChars) {
        return new ScoredText(mainCol, responseCol, stringColumn(schema, mainCol),
                responseCol == null ? -1 : stringColumn(schema, responseCol), maxChars);
    }

    /** The index of a string column, or an error naming the columns there are. */
    static int stringColumn(StructType schema, String name) {
        int index = Arrays.asList(schema.fieldNames()).indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "' to score; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        StructField field = schema.fields()[index];
        if (!field.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + name + "' is " + field.dataType().simpleString()
                    + ", expected string");
        }
        return index;
    }

    Extracted extract(Row row) {
        String main = row.getString(mainIndex);
        if (main == null) {
            return new Extracted(null, "column '" + mainCol + "' is null");
        }
        if (main.isEmpty()) {
            return new Extracted(null, "column '" + mainCol + "' is empty");
        }
        String text = responseIndex < 0 ? main : TextContract.joinPair(main, row.getString(responseIndex));
        if (text.length() > maxChars) {
            return new Extracted(null, (responseIndex < 0 ? "column '" + mainCol + "'" : "the pair '" + mainCol
                    + "' + '" + responseCol + "'") + " has " + text.length() + " characters, more than maxChars ("
                    + maxChars + ")");
        }
        return new Extracted(text, null);
    }
}
