package dev.siren.train.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The usable rows of one data file, the rows that were skipped, and the file's SHA-256 (for provenance).
 */
public record Dataset(Path file, String sha256, List<LabeledText> rows, List<BadRow> badRows) {

    /**
     * Labelled rows built in memory rather than read from a file, named {@code name} in reports and provenance.
     * Their SHA-256 is that of their content (prompt, response, label and source of every row, in order), so the
     * same rows give the same hash.
     */
    public static Dataset of(String name, List<LabeledText> rows) {
        MessageDigest sha = digest();
        for (LabeledText row : rows) {
            for (String field : new String[] {row.prompt(), row.response(), String.valueOf(row.label()), row.source()}) {
                sha.update(String.valueOf(field).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
        }
        return new Dataset(Path.of(name), HexFormat.of().formatHex(sha.digest()), List.copyOf(rows), List.of());
    }

    /** A SHA-256 digest, as data sets are hashed for provenance. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The file name without its extension: the dataset's name in reports. */
    public String name() {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * At most {@code n} rows spread evenly over the file (row {@code floor(i * rows / n)} for i = 0..n-1), so a sample
     * of a file sorted by label keeps both labels; all rows when there are no more than {@code n}.
     */
    public Dataset sample(int n) {
        if (n >= rows.size()) {
            return this;
        }
        List<LabeledText> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(rows.get((int) ((long) i * rows.size() / n)));
        }
        return new Dataset(file, sha256, List.copyOf(picked), badRows);
    }

    public int harmfulRows() {
        return (int) rows.stream().filter(r -> r.label() == 1).count();
    }
}
