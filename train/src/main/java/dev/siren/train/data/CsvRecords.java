package dev.siren.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV (or TSV with a tab separator): quoted fields may hold separators, doubled quotes and line
 * breaks. Keeps the line number on which each record starts, for messages.
 */
final class CsvRecords {

    /** One record and the 1-based line it starts on. */
    record Record(int line, List<String> fields) {
    }

    private final BufferedReader reader;
    private final char separator;
    private int line;

    CsvRecords(BufferedReader reader, char separator) {
        this.reader = reader;
        this.separator = separator;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        String first = reader.readLine();
        if (first == null) {
            return null;
        }
        line++;
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String current = first;
        int i = 0;
        boolean quoted = false;
        while (true) {
            if (i >= current.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return new Record(start, fields);
                }
                String more = reader.readLine();
                if (more == null) {
                    throw new IOException("line " + start + ": a quoted field is not closed before the end of the file");
                }
                line++;
                field.append('\n');
                current = more;
                i = 0;
                continue;
            }
            char c = current.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < current.length() && current.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }
}
