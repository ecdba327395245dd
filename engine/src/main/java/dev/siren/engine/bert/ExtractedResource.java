package dev.siren.engine.bert;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * A class-path resource as a plain file that can be memory-mapped: the file itself when the resource is one, else
 * a copy inflated once from its jar into a cache folder. Inflating the 130 MB ONNX file of an embedded encoder takes
 * about a second on every start; mapping the copy takes next to nothing. The copy is named by the jar entry's CRC-32
 * and size (read from the jar's directory, no hashing), so another version of the jar gets its own copy.
 */
final class ExtractedResource {

    private ExtractedResource() {
    }

    /**
     * The resource as a file, or empty when it is neither a file nor a jar entry with a known CRC, or the copy
     * cannot be written (read-only cache): the caller then reads the resource as a stream, which gives the same bytes.
     */
    static Optional<Path> file(URL resource, Path cacheDir) {
        try {
            return switch (resource.getProtocol()) {
                case "file" -> Optional.of(Path.of(resource.toURI()));
                case "jar" -> extracted(resource, cacheDir);
                default -> Optional.empty();
            };
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> extracted(URL resource, Path cacheDir) throws IOException {
        JarURLConnection connection = (JarURLConnection) resource.openConnection();
        JarEntry entry = connection.getJarEntry();
        if (entry.getCrc() == -1 || entry.getSize() == -1) {
            return Optional.empty();
        }
        String name = Path.of(entry.getName()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path copy = cacheDir.resolve((dot > 0 ? name.substring(0, dot) : name) + "-"
                + String.format(Locale.ROOT, "%08x", entry.getCrc()) + (dot > 0 ? name.substring(dot) : ""));
        if (Files.isRegularFile(copy) && Files.size(copy) == entry.getSize()) {
            return Optional.of(copy);
        }
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, name, ".part");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(tmp) != entry.getSize()) {
                return Optional.empty();
            }
            // another process may have put an identical copy there meanwhile: replacing it atomically is harmless
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(copy);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
