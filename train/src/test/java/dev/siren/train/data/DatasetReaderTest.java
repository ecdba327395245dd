package dev.siren.train.data;

import dev.siren.guard.TextContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReaderTest {

    @TempDir
    Path dir;

    private static final String SCHEMA_ROWS = String.join("\n",
            "{\"id\": \"t-0\", \"source\": \"toxicchat\", \"kind\": \"prompt\", \"prompt\": \"  hello there \", \"response\": null, \"label\": 0}",
            "{\"id\": \"t-1\", \"source\": \"beaver\", \"kind\": \"response\", \"prompt\": \"how?\", \"response\": \"like this\", \"label\": 1}",
            "{\"id\": \"t-2\", \"source\": \"beaver\", \"kind\": \"prompt\", \"prompt\": \"no label\"}",
            "{not json",
            "",
            "{\"id\": \"t-4\", \"source\": \"x\", \"kind\": \"prompt\", \"prompt\": \"   \", \"response\": null, \"label\": 1}",
            "{\"id\": \"t-5\", \"source\": \"x\", \"kind\": \"response\", \"prompt\": \"p\", \"response\": \"\", \"label\": 1}",
            "{\"id\": \"t-6\", \"source\": \"x\", \"kind\": \"prompt\", \"prompt\": \"p\", \"response\": null, \"label\": 7}",
            "{\"id\": \"t-7\", \"kind\": \"prompt\", \"prompt\": \"last\", \"response\": null, \"label\": true}");

    @Test
    void aLoneSurrogateOrAKeyGivenTwiceIsABadRow() throws IOException {
        Path file = dir.resolve("strict.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\": \"fine\", \"label\": 0}",
                "{\"prompt\": \"lone \\ud800\", \"label\": 1}",
                "{\"prompt\": \"first\", \"prompt\": \"second\", \"label\": 1}",
                "{\"prompt\": \"a pair \\ud83d\\ude00\", \"label\": 1}"));
        List<BadRow> reported = new ArrayList<>();
        Dataset d = new DatasetReader(ColumnMapping.SIREN_SCHEMA, BadRowPolicy.SKIP, reported::add).read(file);
        assertEquals(List.of("fine", "a pair \ud83d\ude00"), d.rows().stream().map(LabeledText::text).toList());
        assertEquals(2, reported.size());
        assertEquals(file + ":2", reported.get(0).location());
        assertTrue(reported.get(0).reason().contains("lone UTF-16 surrogate"), reported.get(0).reason());
        assertEquals(file + ":3", reported.get(1).location());
        assertTrue(reported.get(1).reason().contains("the key 'prompt' appears twice"), reported.get(1).reason());
    }

    @Test
    void readsTheProjectSchemaAndReportsEveryBadRowWithItsLine() throws IOException {
        Path file = dir.resolve("mixed.jsonl");
        Files.writeString(file, SCHEMA_ROWS);
        List<BadRow> reported = new ArrayList<>();
        Dataset d = new DatasetReader(ColumnMapping.SIREN_SCHEMA, BadRowPolicy.SKIP, reported::add).read(file);

        assertEquals(3, d.rows().size());
        assertEquals("  hello there ", d.rows().get(0).text(), "texts are kept as in the file (stripped at extraction)");
        assertEquals("how?\nlike this", d.rows().get(1).text());
        assertEquals("beaver", d.rows().get(1).source());
        assertEquals("mixed", d.rows().get(2).source(), "no source field: the file name");
        assertEquals(1, d.rows().get(2).label());
        assertEquals(file + ":9", d.rows().get(2).location());

        assertEquals(5, reported.size());
        assertEquals(reported, d.badRows());
        assertEquals(file + ":3", reported.get(0).location());
        assertTrue(reported.get(0).reason().contains("missing label"));
        assertEquals(file + ":4", reported.get(1).location());
        assertTrue(reported.get(1).reason().contains("not valid JSON"));
        assertTrue(reported.get(2).reason().contains("empty text"));
        assertEquals(file + ":6", reported.get(2).location());
        assertTrue(reported.get(3).reason().contains("empty response"));
        assertTrue(reported.get(4).reason().contains("label '7'"));
        assertEquals(64, d.sha256().length());
    }

    @Test
    void keepsPromptAndResponseApartAndJoinsThemAsTheGuardDoes() throws IOException {
        Path file = dir.resolve("pairs.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"kind\": \"response\", \"prompt\": \"how?\", \"response\": \" like this\\n\", \"label\": 1}",
                "{\"prompt\": \"blank answer\", \"response\": \"  \", \"label\": 0}",
                "{\"kind\": \"prompt\", \"prompt\": \"prompt row\", \"response\": \"ignored\", \"label\": 0}"));
        List<LabeledText> rows = new DatasetReader(ColumnMapping.SIREN_SCHEMA, BadRowPolicy.FAIL, r -> { }).read(file).rows();
        assertEquals("how?", rows.get(0).prompt());
        assertEquals(" like this\n", rows.get(0).response(), "the response as in the file");
        assertEquals(TextContract.joinPair("how?", " like this\n"), rows.get(0).text());
        assertTrue(rows.get(0).hasResponse());
        assertNull(rows.get(1).response(), "a blank response: a prompt row");
        assertEquals("blank answer", rows.get(1).text());
        assertNull(rows.get(2).response(), "kind=prompt: the response is not read");
        assertEquals("prompt row", rows.get(2).text());
        assertFalse(rows.get(2).hasResponse());
    }

    @Test
    void failPolicyStopsAtTheFirstBadRow() throws IOException {
        Path file = dir.resolve("mixed.jsonl");
        Files.writeString(file, SCHEMA_ROWS);
        DataFileException e = assertThrows(DataFileException.class,
                () -> new DatasetReader(ColumnMapping.SIREN_SCHEMA, BadRowPolicy.FAIL, r -> { }).read(file));
        assertTrue(e.getMessage().startsWith(file + ":3: missing label"), e.getMessage());
    }

    @Test
    void readsCsvWithUserColumnsQuotesAndLineBreaks() throws IOException {
        Path file = dir.resolve("own.csv");
        Files.writeString(file, "\uFEFFquestion,answer,verdict\r\n"
                + "\"Hi, you\",,safe\r\n"
                + "\"multi\nline \"\"quoted\"\"\",\"an answer\",unsafe\r\n"
                + "oops,,maybe\r\n"
                + "short\r\n");
        List<BadRow> reported = new ArrayList<>();
        Dataset d = new DatasetReader(new ColumnMapping("question", "answer", "verdict", null, null),
                BadRowPolicy.SKIP, reported::add).read(file);
        assertEquals(2, d.rows().size());
        assertEquals("Hi, you", d.rows().get(0).text());
        assertEquals(0, d.rows().get(0).label());
        assertEquals("multi\nline \"quoted\"\nan answer", d.rows().get(1).text());
        assertEquals(1, d.rows().get(1).label());
        assertEquals("own", d.rows().get(1).source());
        assertEquals(file + ":5", reported.get(0).location());
        assertEquals(file + ":6", reported.get(1).location());
        assertTrue(reported.get(1).reason().contains("expected 3 fields"));
    }

    @Test
    void userErrorsNameTheFileAndWhatWasExpected() throws IOException {
        DatasetReader reader = new DatasetReader(new ColumnMapping("text", null, "label", null, null), BadRowPolicy.SKIP, r -> { });
        assertTrue(assertThrows(DataFileException.class, () -> reader.read(dir.resolve("none.jsonl")))
                .getMessage().endsWith("none.jsonl: no such file"));
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "prompt,label\nx,1\n");
        assertTrue(assertThrows(DataFileException.class, () -> reader.read(csv)).getMessage()
                .contains("no column 'text'; the header has [prompt, label]"));
        Path txt = dir.resolve("a.txt");
        Files.writeString(txt, "x");
        assertTrue(assertThrows(DataFileException.class, () -> reader.read(txt)).getMessage().contains("unknown data format"));
        Path allBad = dir.resolve("bad.jsonl");
        Files.writeString(allBad, "{\"text\": \"x\"}\n");
        assertTrue(assertThrows(DataFileException.class, () -> reader.read(allBad)).getMessage()
                .contains("no usable rows (1 bad rows, the first: " + allBad + ":1: missing label"));
    }
}
