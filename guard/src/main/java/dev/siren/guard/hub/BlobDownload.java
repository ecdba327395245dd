package dev.siren.guard.hub;

import dev.siren.guard.progress.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Fetches one blob into the cache: under an inter-process lock, into {@code blobs/<etag>.incomplete}, resumed
 * with a Range request after a dropped or stalled connection (within this call while attempts bring bytes, and
 * across runs), never beyond the
 * announced size, checked for size and, for LFS blobs, sha256, then moved into place atomically. A transfer under
 * the minimum speed stops the call; its partial file stays for the next run.
 */
final class BlobDownload {

    private static final int MAX_ATTEMPTS = 5;
    /** Attempts in a row that brought no byte: the server is not coming back soon. */
    private static final int MAX_FRUITLESS_ATTEMPTS = 2;

    private final HubHttp http;
    private final HubCache cache;
    private final Progress progress;

    BlobDownload(HubHttp http, HubCache cache, Progress progress) {
        this.http = http;
        this.cache = cache;
        this.progress = progress;
    }

    /** Makes sure {@code blobs/<etag>} exists, downloading it if needed. */
    void ensure(String repoId, String filename, BlobMetadata metadata) throws IOException {
        if (Files.exists(cache.blob(repoId, metadata.etag()))) {
            return;
        }
        Path lock = cache.lockFile(repoId, metadata.etag());
        Files.createDirectories(lock.getParent());
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.exists(cache.blob(repoId, metadata.etag()))) { // another process may have finished it
                fetch(repoId, filename, metadata);
            }
        }
    }

    private void fetch(String repoId, String filename, BlobMetadata metadata) throws IOException {
        Path partial = cache.incomplete(repoId, metadata.etag());
        Files.createDirectories(partial.getParent());
        IOException last = null;
        int attempts = 0;
        int fruitless = 0;
        while (attempts < MAX_ATTEMPTS && fruitless < MAX_FRUITLESS_ATTEMPTS) {
            long before = sizeOf(partial);
            attempts++;
            try {
                fetchOnce(filename, metadata, partial);
                last = null;
                break;
            } catch (TimedBody.TooSlowException e) {
                throw new HubException("downloading '" + filename + "' stopped: " + e.getMessage() + "; the partial"
                        + " file " + partial + " is kept and the next run resumes it", e);
            } catch (IOException e) {
                last = e; // a dropped or stalled connection: the next attempt resumes from what is on disk
                fruitless = sizeOf(partial) > before ? 0 : fruitless + 1;
            }
        }
        if (last != null) {
            throw new IOException("gave up on " + metadata.downloadUrl() + " after " + attempts + " attempts ("
                    + http.describe(last) + ")" + (sizeOf(partial) > 0 ? "; the partial file " + partial
                    + " is kept and the next run resumes it" : ""), last);
        }
        long size = Files.size(partial);
        if (size != metadata.size()) {
            Files.delete(partial);
            throw new IOException("'" + filename + "' has " + size + " bytes, the Hub announced " + metadata.size());
        }
        if (HubNames.isSha256(metadata.etag())) {
            String actual = sha256(partial);
            if (!actual.equals(metadata.etag())) {
                Files.delete(partial);
                throw new IOException("'" + filename + "' is corrupt: sha256 " + actual + " but the Hub's ETag is "
                        + metadata.etag() + "; the partial download was removed, run again");
            }
        }
        Files.move(partial, cache.blob(repoId, metadata.etag()), StandardCopyOption.ATOMIC_MOVE);
    }

    private void fetchOnce(String filename, BlobMetadata metadata, Path partial) throws IOException {
        long have = sizeOf(partial);
        if (Files.exists(partial) && have >= metadata.size()) {
            if (have == metadata.size()) {
                return;
            }
            Files.delete(partial);
            have = 0;
        }
        URI current = metadata.downloadUrl();
        for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = http.send(current, "GET", have > 0 ? "bytes=" + have + "-" : null);
            int status = response.statusCode();
            if (HubHttp.isRedirect(status)) {
                response.body().close();
                current = HubHttp.location(current, response);
                continue;
            }
            try (InputStream body = response.body()) {
                if (status == 416) {
                    Files.delete(partial); // our partial file does not fit the blob: start over
                    throw new IOException("the server refused to resume at byte " + have);
                }
                boolean resumed = status == 206;
                if (status != 200 && !resumed) { // an answer, not a dropped connection: retrying will not help
                    throw new HubException("HTTP " + status + " from " + current + " while downloading '" + filename
                            + "'");
                }
                long start = resumed ? have : 0;
                if (resumed) {
                    progress.info(String.format(Locale.ROOT, "Resuming %s at %.1f MB", filename, start / 1e6));
                }
                try (Progress.Task task = progress.start("Downloading " + filename, metadata.size(),
                        Progress.BYTES)) {
                    task.advance(start);
                    copy(body, partial, resumed, start, filename, metadata.size(), task);
                }
                return;
            }
        }
        throw new IOException("more than " + HubHttp.MAX_REDIRECTS + " redirects from " + metadata.downloadUrl());
    }

    /** Appends the body to the partial file, refusing bytes beyond the size the Hub announced. */
    private static void copy(InputStream body, Path partial, boolean append, long start, String filename, long size,
                             Progress.Task task) throws IOException {
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            long written = start;
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (written + n > size) {
                    out.close();
                    Files.delete(partial);
                    throw new HubException("'" + filename + "' is longer than the " + size + " bytes the Hub"
                            + " announced; the partial download was removed");
                }
                out.write(buffer, 0, n);
                written += n;
                task.advance(n);
            }
        }
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
