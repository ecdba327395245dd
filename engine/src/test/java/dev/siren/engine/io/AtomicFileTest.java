package dev.siren.engine.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "previous");
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(target, temp -> {
            Files.writeString(temp, "half of the new con");
            throw new UncheckedIOException(new IOException("disk full"));
        }));
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), files(), "the temporary file is removed");
    }

    @Test
    void aCommittedWriteReplacesTheFileKeepingItsPermissions() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "previous");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(target), files());
        AtomicFile.writeString(dir.resolve("sub/fresh.txt"), "created with its folder");
        assertEquals("created with its folder", Files.readString(dir.resolve("sub/fresh.txt")));
    }

    @Test
    void aSymbolicLinkIsWrittenThrough() throws IOException {
        Path real = Files.writeString(dir.resolve("real.txt"), "previous");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        AtomicFile.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aDeviceIsWrittenDirectlyAndNeverReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        AtomicFile.writeString(devNull, "discarded");
        assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
    }
}
