package dev.siren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import dev.siren.guard.TextContract;
import dev.siren.guard.progress.Progress;
import dev.siren.tokenizer.json.StrictJson;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * added, or with {@code error} when the row is unusable or the guard cannot score it; such rows are also reported
 * as {@code file:line}. Blank lines are skipped. One object per run.
 */
final class JsonlScorer {

    /**
     * What a run did.
     *
     * @param bad    rows that could not be used (invalid JSON, no text...)
     * @param failed rows the guard could not compute a valid score for; written with an error, never as clean
     */
    record Summary(long rows, long flagged, long bad, long failed) {
    }

    private record Row(ObjectNode json, String text, int lineNumber) {
    }

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.ROW);

    private final Guard guard;
    private final double threshold;
    private final int batchSize;
    private final PrintWriter errors;
    private long rows;
    private long flagged;
    private long bad;
    private long failed;

    JsonlScorer(Guard guard, double threshold, int batchSize, PrintWriter errors) {
        this.guard = guard;
        this.threshold = threshold;
        this.batchSize = batchSize;
        this.errors = errors;
    }

    Summary score(Path input, InputStream in, Writer output, Progress.Task progress) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        List<Row> pending = new ArrayList<>(batchSize);
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
                flush(input, pending, output); // keep output in input order
                write(output, row.json());
            } else {
                pending.add(row);
                if (pending.size() == batchSize) {
                    flush(input, pending, output);
                }
            }
        }
        flush(input, pending, output);
        return new Summary(rows, flagged, bad, failed);
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

    /** Scores the pending rows as one batch and writes them. */
    private void flush(Path input, List<Row> pending, Writer output) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<ScoreResult> results;
        try {
            results = guard.scoreBatch(pending.stream().map(Row::text).toList(), threshold);
        } catch (ScoringException e) {
            results = null; // some row broke the model: score them one by one to tell which
        }
        for (int i = 0; i < pending.size(); i++) {
            Row row = pending.get(i);
            ScoreResult result;
            try {
                result = results != null ? results.get(i) : guard.score(row.text(), threshold);
            } catch (ScoringException e) {
                failed++;
                write(output, bad(input, row.lineNumber(), row.json(), e.getMessage()).json());
                continue;
            }
            row.json().put("score", result.score());
            row.json().put("harmful", result.harmful());
            row.json().put("threshold", result.threshold());
            write(output, row.json());
            flagged += result.harmful() ? 1 : 0;
        }
        pending.clear();
    }

    /** A row with its text to score, or (text null) the row to write back with an {@code error} field. */
    private Row parse(Path input, int lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return bad(input, lineNumber, JSON.createObjectNode().put("raw", line), StrictJson.problem(e, StrictJson.ROW));
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
        if (!StrictJson.isWellFormed(row.toString())) {
            return bad(input, lineNumber, JSON.createObjectNode().put("raw", line), StrictJson.LONE_SURROGATE);
        }
        String scored = text != null ? text.textValue()
                : TextContract.joinPair(prompt.textValue(), response == null || response.isNull() ? null : response.textValue());
        return new Row(row, scored, lineNumber);
    }

    private Row bad(Path input, int lineNumber, ObjectNode row, String message) {
        errors.println(input + ":" + lineNumber + ": " + message);
        row.put("error", message);
        row.put("line_number", lineNumber);
        return new Row(row, null, lineNumber);
    }

    private static void write(Writer output, ObjectNode json) throws IOException {
        output.write(JSON.writeValueAsString(json));
        output.write('\n');
    }
}
