package dev.siren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.train.progress.Progress;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a JSON Lines file: each row is {@code {"text": ...}} or {@code {"prompt": ..., "response": ...}}, other
 * fields are kept. Every row is written back in order, with {@code score}, {@code harmful} and {@code threshold}
 * added, or with {@code error} when the row is unusable; unusable rows are also reported as {@code file:line}.
 * Blank lines are skipped.
 */
final class JsonlScorer {

    /** What a run did. */
    record Summary(long rows, long flagged, long bad) {
    }

    private record Row(ObjectNode json, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Guard guard;
    private final double threshold;
    private final int batchSize;
    private final PrintWriter errors;

    JsonlScorer(Guard guard, double threshold, int batchSize, PrintWriter errors) {
        this.guard = guard;
        this.threshold = threshold;
        this.batchSize = batchSize;
        this.errors = errors;
    }

    Summary score(Path input, InputStream in, Writer output, Progress.Task progress) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        List<Row> pending = new ArrayList<>(batchSize);
        long rows = 0;
        long flagged = 0;
        long bad = 0;
        int lineNumber = 0;
        byte[] raw;
        while ((raw = readLine(bytes)) != null) {
            lineNumber++;
            progress.advance();
            String line = decodeUtf8(raw);
            if (line != null && line.isBlank()) {
                continue;
            }
            rows++;
            Row row = line == null
                    ? bad(input, lineNumber, JSON.createObjectNode(), "not valid UTF-8")
                    : parse(input, lineNumber, line);
            if (row.text() == null) {
                bad++;
                flagged += flush(pending, output); // keep output in input order
                write(output, row.json());
            } else {
                pending.add(row);
                if (pending.size() == batchSize) {
                    flagged += flush(pending, output);
                }
            }
        }
        flagged += flush(pending, output);
        return new Summary(rows, flagged, bad);
    }

    /** The next line's bytes without its terminator ("\n" or "\r\n"), or null at the end. */
    private static byte[] readLine(BufferedInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    /** Decodes one line as strict UTF-8, or null when it is not UTF-8 (decoded per line so errors name the line). */
    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Scores the pending rows as one batch and writes them; returns how many were flagged. */
    private int flush(List<Row> pending, Writer output) throws IOException {
        if (pending.isEmpty()) {
            return 0;
        }
        List<ScoreResult> results = guard.scoreBatch(pending.stream().map(Row::text).toList(), threshold);
        int flagged = 0;
        for (int i = 0; i < pending.size(); i++) {
            ScoreResult result = results.get(i);
            ObjectNode json = pending.get(i).json();
            json.put("score", result.score());
            json.put("harmful", result.harmful());
            json.put("threshold", result.threshold());
            write(output, json);
            flagged += result.harmful() ? 1 : 0;
        }
        pending.clear();
        return flagged;
    }

    /** A row with its text to score, or (text null) the row to write back with an {@code error} field. */
    private Row parse(Path input, int lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return bad(input, lineNumber, JSON.createObjectNode().put("raw", line),
                    "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode row)) {
            return bad(input, lineNumber, JSON.createObjectNode().set("raw", node),
                    "expected a JSON object with \"text\" or \"prompt\"");
        }
        JsonNode text = row.get("text");
        JsonNode prompt = row.get("prompt");
        JsonNode response = row.get("response");
        if (text != null && prompt != null) {
            return bad(input, lineNumber, row, "has both \"text\" and \"prompt\"; give one");
        }
        if (text == null && prompt == null) {
            return bad(input, lineNumber, row, "has neither \"text\" nor \"prompt\"");
        }
        String field = text != null ? "text" : "prompt";
        JsonNode main = text != null ? text : prompt;
        if (!main.isTextual() || main.textValue().isEmpty()) {
            return bad(input, lineNumber, row, "\"" + field + "\" must be a non-empty string");
        }
        if (response != null && !response.isNull() && !response.isTextual()) {
            return bad(input, lineNumber, row, "\"response\" must be a string");
        }
        if (text != null && response != null) {
            return bad(input, lineNumber, row, "\"response\" goes with \"prompt\", not \"text\"");
        }
        String scored = text != null ? text.textValue()
                : Guard.joinPair(prompt.textValue(), response == null || response.isNull() ? null : response.textValue());
        return new Row(row, scored);
    }

    private Row bad(Path input, int lineNumber, ObjectNode row, String message) {
        errors.println(input + ":" + lineNumber + ": " + message);
        row.put("error", message);
        row.put("line_number", lineNumber);
        return new Row(row, null);
    }

    private static void write(Writer output, ObjectNode json) throws IOException {
        output.write(JSON.writeValueAsString(json));
        output.write('\n');
    }
}
