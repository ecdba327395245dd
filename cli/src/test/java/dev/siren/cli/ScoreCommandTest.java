package dev.siren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.guard.Guard;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String requestedGuard;
    private int requestedThreads = -1;
    private Guard guard = KeywordGuard.standard();

    private int run(String... args) {
        CommandLine cli = SirenCli.withShortUsageErrors(new CommandLine(new ScoreCommand((name, threads) -> {
            requestedGuard = name;
            requestedThreads = threads;
            return guard;
        })));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aCleanTextExitsZeroAndAHarmfulOneExitsOne() {
        assertEquals(0, run("hello there"));
        assertTrue(out.toString().startsWith("clean  score=0.1000  threshold=0.50"), out.toString());
        assertEquals("default", requestedGuard);
        assertEquals(1, run("--guard", "heads/x", "how to build a bomb"));
        assertTrue(out.toString().contains("HARMFUL  score=0.9000"), out.toString());
        assertEquals("heads/x", requestedGuard);
    }

    @Test
    void threadsReachTheLoaderAndANegativeCountIsAUserError() {
        assertEquals(0, run("hello"));
        assertEquals(0, requestedThreads, "default: all cores");
        assertEquals(0, run("--threads", "1", "hello"));
        assertEquals(1, requestedThreads);
        requestedThreads = -1;
        assertEquals(2, run("--threads", "-2", "hello"));
        assertTrue(err.toString().contains("--threads must be at least 1 (or 0 for all cores), got -2"), err.toString());
        assertEquals(-1, requestedThreads, "nothing was loaded");
    }

    @Test
    void jsonOutputAndThreshold() throws IOException {
        assertEquals(1, run("--json", "--threshold", "0.05", "hello"));
        JsonNode json = JSON.readTree(out.toString());
        assertEquals(0.1, json.get("score").asDouble(), 1e-12);
        assertTrue(json.get("harmful").asBoolean());
        assertEquals(0.05, json.get("threshold").asDouble());
        assertEquals(3, json.size());
    }

    @Test
    void aPromptResponsePairIsScoredTogether() {
        assertEquals(1, run("--prompt", "tell me a story", "--response", "and then the poison"));
        assertEquals(0, run("--prompt", "tell me a story"));
    }

    @Test
    void userMistakesExitTwoWithOneLine() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("nothing to score"), err.toString());
        assertEquals(2, run("--response", "r"));
        assertEquals(2, run("--threshold", "2", "x"));
        assertTrue(err.toString().contains("score: Invalid value for option '--threshold': must be in [0, 1], got 2"),
                err.toString());
        assertEquals(2, run("--threshold", "strict", "x"));
        assertTrue(err.toString().contains("'strict' is not a number"), err.toString());
        assertFalse(err.toString().contains("Usage:"), "a short error, not the whole help: " + err);
        assertEquals(2, run("--input", dir.resolve("missing.jsonl").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void aFailingGuardExitsTwoNotOne() {
        CommandLine cli = new CommandLine(new ScoreCommand((name, threads) -> {
            throw new CliException("cannot load guard '" + name + "'");
        }));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("x"));
        assertTrue(err.toString().contains("siren score: cannot load guard 'default'"), err.toString());
    }

    @Test
    void batchModeWritesEveryRowInOrderAndReportsBadRowsWithFileAndLine() throws IOException {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\": 1, \"text\": \"hello\"}",
                "{\"id\": 2, \"prompt\": \"how to\", \"response\": \"use poison\"}",
                "not json",
                "",
                "{\"id\": 4, \"text\": 42}",
                "{\"id\": 5, \"text\": \"a bomb\"}") + "\n");
        Path output = dir.resolve("scored.jsonl");
        assertEquals(2, run("--input", input.toString(), "--output", output.toString(), "--batch-size", "2"));

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(5, lines.size(), lines.toString());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(1, first.get("id").asInt());
        assertFalse(first.get("harmful").asBoolean());
        assertEquals(0.1, first.get("score").asDouble(), 1e-12);
        assertTrue(JSON.readTree(lines.get(1)).get("harmful").asBoolean(), "pair scored together");
        JsonNode notJson = JSON.readTree(lines.get(2));
        assertEquals("not json", notJson.get("raw").asText());
        assertEquals(3, notJson.get("line_number").asInt());
        JsonNode wrongType = JSON.readTree(lines.get(3));
        assertEquals(4, wrongType.get("id").asInt());
        assertTrue(wrongType.get("error").asText().contains("non-empty string"));
        assertTrue(JSON.readTree(lines.get(4)).get("harmful").asBoolean());

        String errors = err.toString();
        assertTrue(errors.contains(input + ":3: not valid JSON"), errors);
        assertTrue(errors.contains(input + ":5: \"text\" must be a non-empty string"), errors);
        assertTrue(errors.contains("5 rows, 2 flagged, 2 bad, 0 could not be scored"), errors);
        assertTrue(errors.matches("(?s).*could not be scored in \\d+\\.\\d s \\(\\d+\\.\\d rows/s\\).*"), errors);
        assertTrue(errors.contains("scoring [" + "#".repeat(24) + "]"), "final progress line: " + errors);
    }

    @Test
    void aCleanBatchExitsZeroAndCanWriteToStandardOutput() throws IOException {
        Path input = dir.resolve("ok.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n{\"text\":\"kill\"}\n");
        assertEquals(0, run("--input", input.toString()));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(JSON.readTree(lines.get(1)).get("harmful").asBoolean());
    }

    @Test
    void invalidUtf8InTheInputFileIsReportedWithItsLine() throws IOException {
        Path input = dir.resolve("bad.jsonl");
        byte[] good = "{\"text\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\r', '\n'};
        byte[] all = new byte[good.length * 2 + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        System.arraycopy(good, 0, all, good.length + bad.length, good.length);
        Files.write(input, all);
        Path output = dir.resolve("o.jsonl");
        assertEquals(2, run("--input", input.toString(), "--output", output.toString()));
        assertTrue(err.toString().contains(input + ":2: not valid UTF-8"), err.toString());
        List<String> lines = Files.readAllLines(output);
        assertEquals(3, lines.size(), "the rows around the bad one are still scored: " + lines);
        assertEquals(2, JSON.readTree(lines.get(1)).get("line_number").asInt());
        assertEquals(0.1, JSON.readTree(lines.get(2)).get("score").asDouble(), 1e-12);
    }

    @Test
    void theOutputMayNotOverwriteTheInput() throws IOException {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n");
        assertEquals(2, run("--input", input.toString(), "--output", dir.resolve(".").resolve("rows.jsonl").toString()));
        assertTrue(err.toString().contains("--output must differ from --input"), err.toString());
        assertEquals("{\"text\":\"hi\"}\n", Files.readString(input));
    }

    @Test
    void anOutputLinkedToTheInputIsRefusedAndTheInputKept() throws IOException {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n");
        Path symbolic = Files.createSymbolicLink(dir.resolve("symbolic.jsonl"), input);
        Path hard = Files.createLink(dir.resolve("hard.jsonl"), input);
        Path linkedFolder = Files.createSymbolicLink(dir.resolve("folder-link"), dir);
        for (Path output : List.of(symbolic, hard, linkedFolder.resolve("rows.jsonl"))) {
            assertEquals(2, run("--input", input.toString(), "--output", output.toString()), output.toString());
            assertTrue(err.toString().contains("--output must differ from --input"), err.toString());
            assertEquals("{\"text\":\"hi\"}\n", Files.readString(input));
        }
    }

    @Test
    void aRowWithALoneSurrogateIsABadRowAndTheOthersAreScored() throws IOException {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n{\"text\":\"lone \\ud800\"}\n{\"id\":\"\\udfff\",\"text\":\"a bomb\"}\n"
                + "{\"text\":\"a pair \\ud83d\\ude00\"}\n");
        Path output = dir.resolve("scored.jsonl");
        assertEquals(2, run("--input", input.toString(), "--output", output.toString()));
        assertTrue(err.toString().contains(input + ":2: holds a lone UTF-16 surrogate"), err.toString());
        assertTrue(err.toString().contains(input + ":3: holds a lone UTF-16 surrogate"), err.toString());
        assertTrue(err.toString().contains("4 rows, 0 flagged, 2 bad, 0 could not be scored"), err.toString());
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8); // strict UTF-8: no '?' stand-ins
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(0.1, JSON.readTree(lines.get(0)).get("score").asDouble(), 1e-12);
        JsonNode lone = JSON.readTree(lines.get(1));
        assertEquals("{\"text\":\"lone \\ud800\"}", lone.get("raw").asText(), "the row as it was in the file");
        assertEquals(2, lone.get("line_number").asInt());
        assertEquals(3, JSON.readTree(lines.get(2)).get("line_number").asInt());
        assertEquals("a pair \ud83d\ude00", JSON.readTree(lines.get(3)).get("text").asText());
        assertEquals(0.1, JSON.readTree(lines.get(3)).get("score").asDouble(), 1e-12);

        assertEquals(2, run("--input", input.toString()));
        assertFalse(out.toString().contains("?"), "nothing replaced on standard output: " + out);
        assertEquals(4, out.toString().lines().count());
    }

    @Test
    void aRunThatFailsLeavesThePreviousOutputAndNoTemporaryFile() throws IOException {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n{\"text\":\"ok\"}\n{\"text\":\"crash now\"}\n");
        Path output = dir.resolve("scored.jsonl");
        Files.writeString(output, "previous results\n");
        guard = new FaultyGuard();
        assertEquals(2, run("--input", input.toString(), "--output", output.toString(), "--batch-size", "1"));
        assertTrue(err.toString().contains("the backbone crashed"), err.toString());
        assertEquals("previous results\n", Files.readString(output));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("rows.jsonl", "scored.jsonl"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aScoreTheGuardCannotComputeExitsTwoWithOneLine() {
        guard = new FaultyGuard();
        for (String[] args : List.of(new String[] {"garbled text"}, new String[] {"--json", "garbled text"},
                new String[] {"--prompt", "hi", "--response", "garbled answer"})) {
            StringWriter before = new StringWriter();
            before.write(err.toString());
            assertEquals(2, run(args), String.join(" ", args));
            String message = err.toString().substring(before.toString().length());
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.startsWith("siren score: the guard computed an invalid score (NaN)"), message);
            assertFalse(message.contains("Exception"), message);
        }
        assertEquals("", out.toString(), "no verdict printed");
    }

    @Test
    void rowsTheGuardCannotScoreAreErrorsNeverClean() throws IOException {
        guard = new FaultyGuard();
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\":\"hi\"}\n{\"id\":7,\"text\":\"garbled\"}\n{\"text\":\"a bomb\"}\n");
        Path output = dir.resolve("scored.jsonl");
        assertEquals(2, run("--input", input.toString(), "--output", output.toString(), "--batch-size", "3"));
        List<String> lines = Files.readAllLines(output);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(0.1, JSON.readTree(lines.get(0)).get("score").asDouble(), 1e-12);
        JsonNode failed = JSON.readTree(lines.get(1));
        assertEquals(7, failed.get("id").asInt());
        assertFalse(failed.has("score") || failed.has("harmful"), failed.toString());
        assertTrue(failed.get("error").asText().contains("invalid score (NaN)"), failed.toString());
        assertEquals(2, failed.get("line_number").asInt());
        assertTrue(JSON.readTree(lines.get(2)).get("harmful").asBoolean());
        assertTrue(err.toString().contains(input + ":2: the guard computed an invalid score"), err.toString());
        assertTrue(err.toString().contains("3 rows, 1 flagged, 0 bad, 1 could not be scored"), err.toString());
    }

    @Test
    void aDashReadsTheTextFromStandardInput() {
        java.io.InputStream original = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("mix the poison\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, run("-"));
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void helpHasExamples() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Examples:"));
        assertTrue(out.toString().contains("--input chats.jsonl"));
    }
}
