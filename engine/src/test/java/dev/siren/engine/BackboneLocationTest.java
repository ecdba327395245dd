package dev.siren.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one place a backbone name is read: folder, embedded encoder, or a folder relative to a head. */
class BackboneLocationTest {

    @TempDir
    Path tmp;

    @Test
    void namesResolveToAFolderAnEmbeddedEncoderOrAFolderBesideTheHead() throws Exception {
        Path head = Files.createDirectories(tmp.resolve("head"));
        Files.createDirectories(head.resolve("backbone"));
        assertInstanceOf(BackboneLocation.Embedded.class, BackboneLocation.find("bge-small-en-v1.5", head).orElseThrow());
        BackboneLocation beside = BackboneLocation.find("backbone", head).orElseThrow();
        assertEquals(head.resolve("backbone"), ((BackboneLocation.Folder) beside).dir());
        assertTrue(BackboneLocation.find("backbone").isEmpty(), "not relative to the working directory");
        assertTrue(BackboneLocation.find("nope", head).isEmpty());
    }

    @Test
    void theCacheKeyChangesWhenTheWeightsChange() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(dir.resolve("model.safetensors"), "a");
        BackboneLocation folder = new BackboneLocation.Folder(dir);
        String before = folder.cacheKey();
        assertTrue(before.startsWith("folder:" + dir.toAbsolutePath().normalize() + "#"), before);
        assertEquals(before, folder.cacheKey());
        Files.writeString(dir.resolve("model.safetensors"), "ab");
        assertNotEquals(before, folder.cacheKey());
        assertTrue(BackboneLocation.resolve("all-minilm-l6-v2").cacheKey().startsWith("embedded:"));
    }
}
