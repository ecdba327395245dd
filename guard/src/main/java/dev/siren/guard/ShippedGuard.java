package dev.siren.guard;

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

/**
 * The guard that ships inside this jar under the name {@value #NAME}: a head trained by the project on an
 * embedded encoder (see docs/default-guard.md). The engine memory-maps head weights, so the two head files are
 * copied once from the class path into a cache folder named after their content hash.
 */
final class ShippedGuard {

    static final String NAME = "default";
    private static final String RESOURCES = "/dev/siren/guard/default/";

    private ShippedGuard() {
    }

    /** The folder holding the shipped head, extracted on first use. */
    static Path headFolder() {
        byte[] config = resource(HeadFiles.CONFIG);
        byte[] weights = resource(HeadFiles.WEIGHTS);
        Path dir = cacheRoot().resolve("default-" + shortHash(config, weights));
        try {
            if (!Files.isRegularFile(dir.resolve(HeadFiles.WEIGHTS))) {
                Path tmp = Files.createTempDirectory(Files.createDirectories(cacheRoot()), "default-");
                Files.write(tmp.resolve(HeadFiles.CONFIG), config);
                Files.write(tmp.resolve(HeadFiles.WEIGHTS), weights);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) { // another process extracted it first: theirs is identical
                    if (!Files.isRegularFile(dir.resolve(HeadFiles.WEIGHTS))) {
                        throw raced;
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the shipped guard into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String file) {
        try (InputStream in = ShippedGuard.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("the shipped guard is missing from the class path (resource "
                        + RESOURCES + file + " of siren-guard); rebuild the project or name a head folder");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped guard resource " + RESOURCES + file, e);
        }
    }

    private static Path cacheRoot() {
        return SirenCache.root().resolve("heads");
    }

    private static String shortHash(byte[]... parts) {
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
