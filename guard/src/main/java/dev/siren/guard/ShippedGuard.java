package dev.siren.guard;

import dev.siren.engine.bert.LoraAdapter;
import dev.siren.guard.head.HeadFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The guards that ship inside this jar, by name: {@value #NAME}, a SIREN head on the embedded bge-small encoder, and
 * {@value #TUNED}, a SIREN head on the same encoder with a LoRA adapter the project trained (docs/default-guard.md).
 * The engine memory-maps head weights, so a guard's files are copied once from the class path into a cache folder
 * named after their content hash.
 */
final class ShippedGuard {

    static final String NAME = "default";
    static final String TUNED = "tuned";
    private static final String ADAPTER = "bge-small-en-v1.5-siren-lora/";
    /** Each shipped guard's files, relative to its resource folder and to its extracted folder. */
    private static final Map<String, List<String>> FILES = Map.of(
            NAME, List.of(HeadFiles.CONFIG, HeadFiles.WEIGHTS),
            TUNED, List.of(HeadFiles.CONFIG, HeadFiles.WEIGHTS, ADAPTER + LoraAdapter.CONFIG,
                    ADAPTER + LoraAdapter.WEIGHTS));

    private ShippedGuard() {
    }

    /** Whether {@code name} is a shipped guard's. */
    static boolean isShipped(String name) {
        return FILES.containsKey(name);
    }

    /** The folder holding the shipped guard {@code name}, extracted on first use. */
    static Path headFolder(String name) {
        List<String> files = FILES.get(name);
        if (files == null) {
            throw new IllegalArgumentException("no shipped guard named '" + name + "' (shipped: "
                    + String.join(", ", new TreeSet<>(FILES.keySet())) + ")");
        }
        List<byte[]> contents = files.stream().map(file -> resource(name, file)).toList();
        Path dir = cacheRoot().resolve(name + "-" + shortHash(contents));
        try {
            if (!Files.isRegularFile(dir.resolve(files.getLast()))) {
                Path tmp = Files.createTempDirectory(Files.createDirectories(cacheRoot()), name + "-");
                for (int i = 0; i < files.size(); i++) {
                    Path target = tmp.resolve(files.get(i));
                    Files.createDirectories(target.getParent());
                    Files.write(target, contents.get(i));
                }
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) { // another process extracted it first: theirs is identical
                    if (!Files.isRegularFile(dir.resolve(files.getLast()))) {
                        throw raced;
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the shipped guard into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String guard, String file) {
        String path = "/dev/siren/guard/" + guard + "/" + file;
        try (InputStream in = ShippedGuard.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the shipped guard is missing from the class path (resource "
                        + path + " of siren-guard); rebuild the project or name a head folder");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped guard resource " + path, e);
        }
    }

    private static Path cacheRoot() {
        return SirenCache.root().resolve("heads");
    }

    private static String shortHash(List<byte[]> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
