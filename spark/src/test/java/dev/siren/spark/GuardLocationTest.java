package dev.siren.spark;

import dev.siren.guard.ScoreResult;
import dev.siren.guard.SirenGuard;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A guard named by a Hadoop file-system URI ({@code file://} here; {@code hdfs://} and {@code s3a://} alike). */
class GuardLocationTest {

    private static final List<String> HEAD_FILES = List.of("siren_config.json", "siren.safetensors");

    @Test
    void aHeadAtAHadoopUriIsCopiedLocallyAndScoresAsTheSameHeadFromAFolder(@TempDir Path dir) throws IOException {
        Path head = shippedHeadCopy(dir.resolve("head"));
        String uri = head.toUri().toString();

        List<Row> scored = new SirenScorer().setGuard(uri).setInputCol("text")
                .transform(SirenScorerTest.texts(TestSpark.session(), SirenScorerTest.TEXTS, 2))
                .orderBy("id").collectAsList();

        try (SirenGuard reference = SirenGuard.fromPretrained(head.toString())) {
            List<ScoreResult> expected = reference.scoreBatch(SirenScorerTest.TEXTS);
            for (Row row : scored) {
                assertEquals(expected.get(row.getInt(0)).score(), row.getDouble(2), 1e-6);
            }
        }
    }

    @Test
    void theShippedGuardsAreHandedOnByName() {
        assertEquals("default", GuardLocation.resolve("default"));
        assertEquals("tuned", GuardLocation.resolve("tuned"));
    }

    @Test
    void aHeadReplacedAtTheSameUriIsCopiedAfreshNotServedStale(@TempDir Path dir) throws IOException {
        Path head = shippedHeadCopy(dir.resolve("head"));
        String uri = head.toUri().toString();
        Path first = Path.of(GuardLocation.resolve(uri));
        assertArrayEquals(Files.readAllBytes(head.resolve("siren_config.json")),
                Files.readAllBytes(first.resolve("siren_config.json")));

        String retrained = Files.readString(head.resolve("siren_config.json"))
                .replace("\"threshold\" : 0.5", "\"threshold\" : 0.25");
        Files.writeString(head.resolve("siren_config.json"), retrained);
        Path second = Path.of(GuardLocation.resolve(uri));

        assertNotEquals(first, second);
        assertEquals(retrained, Files.readString(second.resolve("siren_config.json")));
        assertEquals(second, Path.of(GuardLocation.resolve(uri)), "an unchanged head is not copied again");
    }

    @Test
    void aHeadFolderShippedWithTheJobIsFoundByItsName(@TempDir Path dir) throws IOException {
        Path head = shippedHeadCopy(dir.resolve("shipped-head"));
        TestSpark.session().sparkContext().addFile(head.toString(), true);

        List<Row> scored = new SirenScorer().setGuard("shipped-head").setInputCol("text")
                .transform(SirenScorerTest.texts(TestSpark.session(), SirenScorerTest.TEXTS.subList(0, 4), 2))
                .orderBy("id").collectAsList();

        try (SirenGuard reference = SirenGuard.fromPretrained(head.toString())) {
            List<ScoreResult> expected = reference.scoreBatch(SirenScorerTest.TEXTS.subList(0, 4));
            for (Row row : scored) {
                assertEquals(expected.get(row.getInt(0)).score(), row.getDouble(2), 1e-6);
            }
        }
        assertEquals(1, GuardCache.loads("shipped-head"), "the shipped folder is loaded once in this JVM");
    }

    /** The shipped default head, written out as a head folder (its backbone is embedded, so it loads offline). */
    private static Path shippedHeadCopy(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : HEAD_FILES) {
            try (InputStream in = SirenGuard.class.getResourceAsStream("default/" + name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
        return folder;
    }
}
