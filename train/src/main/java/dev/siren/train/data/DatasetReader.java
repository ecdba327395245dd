package dev.siren.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.json.StrictJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads labelled texts from JSONL ({@code .jsonl}, {@code .ndjson}, {@code .json} with one object per line) or
 * CSV/TSV ({@code .csv}, {@code .tsv}, with a header row). Bad rows (invalid JSON, missing or unreadable label,
 * empty text, a response row without response) are reported with {@code file:line} to the given sink and skipped,
 * or fail the read, by the {@link BadRowPolicy}; they are never dropped silently.
 */
public final class DatasetReader {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.ROW);

    private final ColumnMapping mapping;
    private final BadRowPolicy policy;
    private final Consumer<BadRow> badRowSink;

    public DatasetReader(ColumnMapping mapping, BadRowPolicy policy, Consumer<BadRow> badRowSink) {
        this.mapping = mapping;
        this.policy = policy;
        this.badRowSink = badRowSink;
    }

    public Dataset read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<LabeledText> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        String defaultSource = stem(file);
        MessageDigest sha = Dataset.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
             BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (name.endsWith(".csv") || name.endsWith(".tsv")) {
                readDelimited(reader, name.endsWith(".tsv") ? '\t' : ',', file, defaultSource, rows, bad);
            } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                readJsonLines(reader, file, defaultSource, rows, bad);
            } else {
                throw new DataFileException(file + ": unknown data format; expected a .jsonl, .ndjson, .json (one object "
                        + "per line), .csv or .tsv file");
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file + ": no usable rows" + (bad.isEmpty() ? " (the file is empty)"
                    : " (" + bad.size() + " bad rows, the first: " + bad.getFirst() + ")"));
        }
        return new Dataset(file, HexFormat.of().formatHex(sha.digest()), List.copyOf(rows), List.copyOf(bad));
    }

    private void readJsonLines(BufferedReader reader, Path file, String defaultSource, List<LabeledText> rows,
                               List<BadRow> bad) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String location = file + ":" + number;
            JsonNode node;
            try {
                node = JSON.readTree(number == 1 ? stripBom(line) : line);
            } catch (JsonProcessingException e) {
                reject(location, StrictJson.problem(e, StrictJson.ROW), bad);
                continue;
            }
            if (node == null || !node.isObject()) {
                reject(location, "expected a JSON object per line", bad);
                continue;
            }
            if (!StrictJson.isWellFormed(node.toString())) {
                reject(location, StrictJson.LONE_SURROGATE, bad);
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isNull() ? null
                    : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            accept(fields, location, defaultSource, rows, bad);
        }
    }

    private void readDelimited(BufferedReader reader, char separator, Path file, String defaultSource,
                               List<LabeledText> rows, List<BadRow> bad) throws IOException {
        CsvRecords records = new CsvRecords(reader, separator);
        CsvRecords.Record header;
        try {
            header = records.next();
        } catch (IOException e) {
            throw new DataFileException(file + ": " + e.getMessage());
        }
        if (header == null) {
            throw new DataFileException(file + ": empty file; expected a header row naming the columns");
        }
        List<String> columns = new ArrayList<>(header.fields());
        columns.set(0, stripBom(columns.getFirst()));
        for (String required : new String[] {mapping.text(), mapping.label()}) {
            if (!columns.contains(required)) {
                throw new DataFileException(file + ":1: no column '" + required + "'; the header has " + columns);
            }
        }
        CsvRecords.Record record;
        while (true) {
            try {
                record = records.next();
            } catch (IOException e) {
                throw new DataFileException(file + ": " + e.getMessage());
            }
            if (record == null) {
                break;
            }
            String location = file + ":" + record.line();
            if (record.fields().size() == 1 && record.fields().getFirst().isEmpty()) {
                continue;
            }
            if (record.fields().size() != columns.size()) {
                reject(location, "expected " + columns.size() + " fields as in the header, found " + record.fields().size(), bad);
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), record.fields().get(i));
            }
            accept(fields, location, defaultSource, rows, bad);
        }
    }

    private void accept(Map<String, String> fields, String location, String defaultSource, List<LabeledText> rows,
                        List<BadRow> bad) {
        String labelText = fields.get(mapping.label());
        if (labelText == null || labelText.isBlank()) {
            reject(location, "missing label (field '" + mapping.label() + "')", bad);
            return;
        }
        Integer label = parseLabel(labelText);
        if (label == null) {
            reject(location, "label '" + labelText + "' is not 0/1, true/false, harmful/unsafe or safe/benign/unharmful", bad);
            return;
        }
        String prompt = fields.get(mapping.text());
        if (prompt == null || prompt.isBlank()) {
            reject(location, "empty text (field '" + mapping.text() + "')", bad);
            return;
        }
        String kind = mapping.kind() == null ? null : fields.get(mapping.kind());
        String response = mapping.response() == null ? null : fields.get(mapping.response());
        boolean hasResponse = response != null && !response.isBlank();
        if ("response".equals(kind) && !hasResponse) {
            reject(location, "a kind=response row with an empty response (field '" + mapping.response() + "')", bad);
            return;
        }
        boolean useResponse = hasResponse && !"prompt".equals(kind);
        String source = mapping.source() == null ? null : fields.get(mapping.source());
        rows.add(new LabeledText(prompt, useResponse ? response : null, label,
                source == null || source.isBlank() ? defaultSource : source, location));
    }

    private void reject(String location, String reason, List<BadRow> bad) {
        BadRow row = new BadRow(location, reason);
        if (policy == BadRowPolicy.FAIL) {
            throw new DataFileException(row + " (bad rows fail the run; skip them with the skip policy)");
        }
        bad.add(row);
        badRowSink.accept(row);
    }

    static Integer parseLabel(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true", "harmful", "unsafe" -> 1;
            case "0", "0.0", "false", "safe", "benign", "unharmful" -> 0;
            default -> null;
        };
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
