package dev.siren.guard;

import dev.siren.engine.bert.LoraAdapter;
import dev.siren.guard.head.HeadFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guards that ship inside this jar, by name: {@value #NAME}, a SIREN head on the embedded bge-small encoder,
 * {@value #TUNED}, a SIREN head on the same encoder with a LoRA adapter the project trained, and {@value #TUNED_STREAM},
 * another head on that adapted encoder, trained on the beginnings of benign answers as well, for scoring streamed
 * answers (docs/default-guard.md). The engine memory-maps head weights, so a guard's files are copied once from the
 * class path into a cache folder named after their content hash.
 */
final class ShippedGuard {

    static final String NAME = "default";
    static final String TUNED = "tuned";
    static final String TUNED_STREAM = "tuned-stream";
    private static final String ADAPTER = "bge-small-en-v1.5-siren-lora/";
    /**
     * Each shipped guard's files: the path in its extracted folder, and the resource it comes from (relative to
     * {@code /dev/siren/guard/}). The two tuned heads share one adapter, which their configs name as a sibling folder.
     */
    private static final Map<String, SequencedMap<String, String>> FILES = Map.of(
            NAME, files("default/", null),
            TUNED, files("tuned/", "tuned/" + ADAPTER),
            TUNED_STREAM, files("tuned/stream/", "tuned/" + ADAPTER));

    private ShippedGuard() {
    }

    /** The shipped guards' names. */
    static Set<String> names() {
        return new TreeSet<>(FILES.keySet());
    }

    /** Whether {@code name} is a shipped guard's. */
    static boolean isShipped(String name) {
        return FILES.containsKey(name);
    }

    /** The folder holding the shipped guard {@code name}, extracted on first use. */
    static Path headFolder(String name) {
        SequencedMap<String, String> files = FILES.get(name);
        if (files == null) {
            throw new IllegalArgumentException("no shipped guard named '" + name + "' (shipped: "
                    + String.join(", ", names()) + ")");
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach((target, resource) -> contents.put(target, resource(resource)));
        Path dir = cacheRoot().resolve(name + "-" + shortHash(contents));
        String last = files.lastEntry().getKey(); // written last: its presence means the folder is complete
        try {
            if (!Files.isRegularFile(dir.resolve(last))) {
                Path tmp = Files.createTempDirectory(Files.createDirectories(cacheRoot()), name + "-");
                for (Map.Entry<String, byte[]> file : contents.entrySet()) {
                    Path target = tmp.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.write(target, file.getValue());
                }
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) { // another process extracted it first: theirs is identical
                    if (!Files.isRegularFile(dir.resolve(last))) {
                        throw raced;
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the shipped guard into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A head's two files from {@code head}, then, if {@code adapter} is not null, the adapter's two from there. */
    private static SequencedMap<String, String> files(String head, String adapter) {
        SequencedMap<String, String> files = new LinkedHashMap<>();
        files.put(HeadFiles.CONFIG, head + HeadFiles.CONFIG);
        files.put(HeadFiles.WEIGHTS, head + HeadFiles.WEIGHTS);
        if (adapter != null) {
            files.put(ADAPTER + LoraAdapter.CONFIG, adapter + LoraAdapter.CONFIG);
            files.put(ADAPTER + LoraAdapter.WEIGHTS, adapter + LoraAdapter.WEIGHTS);
        }
        return files;
    }

    private static byte[] resource(String file) {
        String path = "/dev/siren/guard/" + file;
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

    /** Hashes the files' paths and contents: the same bytes under another name make another folder. */
    private static String shortHash(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(file.getValue());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
