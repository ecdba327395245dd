package dev.siren.train.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The usable rows of one data file, the rows that were skipped, and the file's SHA-256 (for provenance).
 */
public record Dataset(Path file, String sha256, List<LabeledText> rows, List<BadRow> badRows) {

    /** The file name without its extension: the dataset's name in reports. */
    public String name() {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    public int harmfulRows() {
        return (int) rows.stream().filter(r -> r.label() == 1).count();
    }
}
