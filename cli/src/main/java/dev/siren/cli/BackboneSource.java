package dev.siren.cli;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.Tokenizer;
import dev.siren.tokenizer.TokenizerException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A backbone named on the command line: an embedded encoder ("all-minilm-l6-v2", ...) or a Hugging Face model
 * folder, with its tokenizer and an identity for the feature cache that changes when the weights change.
 *
 * @param id       what the head records as its backbone (the embedded name, or the folder as given)
 * @param cacheKey identifies the exact weights (embedded: the Maven coordinate; folder: path, file sizes and times)
 */
record BackboneSource(String id, String cacheKey, Backbone backbone, Tokenizer tokenizer) implements AutoCloseable {

    static BackboneSource open(String nameOrDir) {
        BackboneLocation location;
        Backbone backbone;
        try {
            location = BackboneLocation.resolve(nameOrDir);
            backbone = location.open(BackboneOptions.defaults());
        } catch (ModelFormatException | IllegalStateException | UncheckedIOException e) {
            throw new CliException(e.getMessage(), e);
        }
        try {
            Tokenizer tokenizer = location.tokenizer();
            return switch (location) {
                case BackboneLocation.Embedded embedded -> new BackboneSource(embedded.model().id(),
                        "embedded:" + embedded.model().mavenCoordinate(), backbone, tokenizer);
                case BackboneLocation.Folder folder ->
                        new BackboneSource(nameOrDir, "folder:" + fingerprint(folder.dir()), backbone, tokenizer);
            };
        } catch (TokenizerException e) {
            backbone.close();
            throw new CliException(e.getMessage(), e);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    @Override
    public void close() {
        backbone.close();
    }

    /** The folder's absolute path with the names, sizes and modification times of its files, hashed. */
    private static String fingerprint(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            sha.update(dir.toAbsolutePath().normalize().toString().getBytes());
            for (Path f : sorted) {
                sha.update((f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis())
                        .getBytes());
            }
            return dir.toAbsolutePath().normalize() + "#" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new CliException("cannot read the model folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
