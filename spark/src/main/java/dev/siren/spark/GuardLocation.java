package dev.siren.spark;

import dev.siren.guard.Guards;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where an executor finds the guard a job names: a shipped guard ({@link Guards#SHIPPED_NAMES}, inside the siren-guard jar), a
 * local head folder, a folder shipped with the job ({@code --archives head.zip#myhead}, found through
 * {@link SparkFiles}), a Hadoop file-system URI ({@code hdfs://}, {@code s3a://}, {@code file://}..., copied once to a local folder: the
 * engine memory-maps head weights), or a Hugging Face repo id, which {@code SirenGuard.fromPretrained} downloads.
 */
final class GuardLocation {

    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    private GuardLocation() {
    }

    /** What to hand {@code SirenGuard.fromPretrained}: a shipped guard's name, a local folder, or a repo id. */
    static String resolve(String spec) {
        if (Guards.isShipped(spec) || isLocalFolder(spec)) {
            return spec;
        }
        if (URI_SCHEME.matcher(spec).matches()) {
            return copyToLocal(URI.create(spec)).toString();
        }
        String shipped = shippedFolder(spec);
        return shipped != null ? shipped : spec;
    }

    private static boolean isLocalFolder(String spec) {
        try {
            return Files.isDirectory(Path.of(spec));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The folder a job shipped under this name, or null (no SparkContext in this JVM, or no such folder). */
    private static String shippedFolder(String name) {
        if (SparkEnv.get() == null || name.contains("/")) {
            return null;
        }
        Path dir = Path.of(SparkFiles.getRootDirectory(), name);
        return Files.isDirectory(dir) ? dir.toString() : null;
    }

    /**
     * Copies the head folder at a Hadoop URI into java.io.tmpdir; returns the local copy. The copy is named by the
     * URI and the files' names, sizes and modification times, so a head replaced at the same URI is copied afresh
     * and executors on one host (separate JVMs) share one copy of an unchanged head.
     */
    private static synchronized Path copyToLocal(URI uri) {
        try {
            FileSystem fs = FileSystem.get(uri, hadoopConfiguration());
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
            if (!fs.getFileStatus(source).isDirectory()) {
                throw new IllegalArgumentException("guard " + uri + " is not a folder (a head folder holds"
                        + " siren_config.json and siren.safetensors)");
            }
            FileStatus[] files = fs.listStatus(source);
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "siren-heads", shortHash(identity(uri, files)));
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), "copy-");
            for (FileStatus file : files) {
                if (file.isFile()) {
                    fs.copyToLocalFile(false, file.getPath(),
                            new org.apache.hadoop.fs.Path(tmp.resolve(file.getPath().getName()).toUri()), true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another executor JVM on this host finished the same copy first: use it
                deleteFolder(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the guard from " + uri + ": " + e.getMessage(), e);
        }
    }

    private static String identity(URI uri, FileStatus[] files) {
        StringBuilder id = new StringBuilder(uri.toString());
        Arrays.stream(files).filter(FileStatus::isFile)
                .sorted(Comparator.comparing(f -> f.getPath().getName()))
                .forEach(f -> id.append('\n').append(f.getPath().getName()).append(' ').append(f.getLen())
                        .append(' ').append(f.getModificationTime()));
        return id.toString();
    }

    private static void deleteFolder(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Hadoop settings with the job's spark.hadoop.* entries (credentials, endpoints), as Spark's own readers see. */
    private static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        if (SparkEnv.get() != null) {
            for (Tuple2<String, String> entry : SparkEnv.get().conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(entry._1(), entry._2());
            }
        }
        return conf;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
