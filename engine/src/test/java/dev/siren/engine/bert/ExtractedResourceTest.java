package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractedResourceTest {

    @TempDir
    Path tmp;

    @Test
    void aJarEntryIsInflatedOnceIntoAFileNamedByItsCrc() throws IOException {
        byte[] content = new byte[300_000];
        new Random(1).nextBytes(content);
        URL resource = jarEntry(content, "models/tiny.onnx");
        Path cache = tmp.resolve("cache");

        Path copy = ExtractedResource.file(resource, cache).orElseThrow();
        CRC32 crc = new CRC32();
        crc.update(content);
        assertEquals(cache.resolve(String.format("tiny-%08x.onnx", crc.getValue())), copy);
        assertArrayEquals(content, Files.readAllBytes(copy));

        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(copy, written);
        assertEquals(Optional.of(copy), ExtractedResource.file(resource, cache));
        assertEquals(written, Files.getLastModifiedTime(copy), "an intact copy is reused, not written again");
    }

    @Test
    void aCopyOfTheWrongSizeIsWrittenAgain() throws IOException {
        byte[] content = "0123456789".repeat(1000).getBytes();
        URL resource = jarEntry(content, "m.onnx");
        Path copy = ExtractedResource.file(resource, tmp.resolve("cache")).orElseThrow();
        Files.write(copy, new byte[10]); // an interrupted or damaged copy
        assertEquals(Optional.of(copy), ExtractedResource.file(resource, tmp.resolve("cache")));
        assertArrayEquals(content, Files.readAllBytes(copy));
    }

    @Test
    void anUnwritableCacheGivesNoFileSoTheCallerReadsTheStream() throws IOException {
        URL resource = jarEntry(new byte[100], "m.onnx");
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(Optional.empty(), ExtractedResource.file(resource, notAFolder));
    }

    @Test
    void aPlainFileIsUsedWhereItIs() throws IOException {
        Path file = Files.write(tmp.resolve("model.onnx"), new byte[] {1, 2, 3});
        assertEquals(Optional.of(file), ExtractedResource.file(file.toUri().toURL(), tmp.resolve("cache")));
        assertTrue(Files.notExists(tmp.resolve("cache")));
    }

    /** The encoder mapped from the extracted copy computes the same bits as the one read from the jar. */
    @Test
    void theExtractedEncoderGivesIdenticalFeatures() {
        EmbeddedBertModel model = EmbeddedBertModel.ALL_MINILM_L6_V2;
        List<int[]> texts = List.of(new int[] {101, 7592, 2088, 102}, new int[] {101, 2023, 2003, 1037, 3231, 1012, 102});
        BackboneOptions options = BackboneOptions.defaults().withThreads(2);
        float[][][] fromJar;
        try (BertEncoder encoder = model.open(options)) {
            fromJar = encoder.layerMeans(texts);
        }
        for (int run = 0; run < 2; run++) { // the first run extracts, the second maps the existing copy
            try (BertEncoder encoder = model.open(options, tmp.resolve("encoders"))) {
                float[][][] fromCopy = encoder.layerMeans(texts);
                for (int t = 0; t < texts.size(); t++) {
                    for (int l = 0; l < fromJar[t].length; l++) {
                        assertArrayEquals(fromJar[t][l], fromCopy[t][l], "run " + run + ", text " + t + ", layer " + l);
                    }
                }
            }
        }
        assertEquals(1, tmp.resolve("encoders").toFile().list().length);
    }

    private URL jarEntry(byte[] content, String name) throws IOException {
        Path jar = tmp.resolve("models.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return URI.create("jar:" + jar.toUri() + "!/" + name).toURL();
    }
}
