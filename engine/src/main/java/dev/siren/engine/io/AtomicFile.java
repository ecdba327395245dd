package dev.siren.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all: the content goes to a temporary file in the same folder, which
 * {@link #commit()} renames over the target atomically. Until then (and if writing fails) the previous file stays
 * intact, and {@link #close()} removes the temporary file. A symbolic link is written through (its target is
 * replaced); a target that is not a regular file (/dev/null, a pipe) is written directly, having nothing to replace.
 * Every command's output files go through here.
 *
 * <pre>{@code
 * try (AtomicFile file = AtomicFile.begin(target)) {
 *     Files.writeString(file.temp(), text);
 *     file.commit();
 * }
 * }</pre>
 */
public final class AtomicFile implements AutoCloseable {

    /** Writes the content into the given path (the temporary file). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    private final Path target;
    private final Path temp;
    /** Written in place: the target is a device or pipe, never to be removed. */
    private final boolean direct;
    private boolean done;

    private AtomicFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
        this.direct = temp.equals(target);
    }

    /** Starts writing {@code target}: creates its temporary file (and missing parent folders). */
    public static AtomicFile begin(Path target) throws IOException {
        Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            return new AtomicFile(real, real);
        }
        Path folder = real.getParent();
        Files.createDirectories(folder);
        while (true) {
            Path temp = folder.resolve("." + real.getFileName() + "." + Long.toHexString(
                    ThreadLocalRandom.current().nextLong() >>> 16) + ".tmp");
            try {
                Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                continue; // another writer's temporary file: draw another name
            }
            keepPermissions(real, temp);
            return new AtomicFile(real, temp);
        }
    }

    /** A replaced file keeps its permissions (a private output stays private). */
    private static void keepPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view != null && Files.exists(from)) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    /** Writes {@code target} with {@code content} atomically. */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicFile file = begin(target)) {
            content.writeTo(file.temp());
            file.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
    }

    /** Where to write the content. */
    public Path temp() {
        return temp;
    }

    /** Flushes the written content to disk and puts it in place of the target. */
    public void commit() throws IOException {
        if (direct) {
            done = true;
            return;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true); // a crash after the rename must not leave an empty file in place of the old one
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        done = true;
    }

    /** Removes the temporary file unless {@link #commit()} moved it into place. */
    @Override
    public void close() throws IOException {
        if (!done && !direct) {
            Files.deleteIfExists(temp);
        }
    }
}
