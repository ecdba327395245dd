package dev.siren.guard.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.guard.SirenVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Downloads files of Hugging Face model repos into the shared HF cache ({@link HubCache}), as huggingface_hub's
 * {@code hf_hub_download} does: a HEAD on {@code {endpoint}/{repo}/resolve/{revision}/{file}} gives the commit
 * (X-Repo-Commit), the blob's ETag (X-Linked-Etag for LFS files, else ETag) and size; the blob is fetched once
 * (following redirects to the CDN, without the token), resumed with Range after an interruption, checked
 * against its sha256 when the ETag is one, and linked into {@code snapshots/{commit}/}. Offline, or when the Hub
 * cannot be reached, cached files are served. Thread-safe.
 */
public final class HubClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ATTEMPTS = 5;

    private final HubSettings settings;
    private final HubCache cache;
    private final DownloadProgress progress;
    private HttpClient http; // created on first request: offline and cache-only uses need no network stack

    public HubClient(HubSettings settings, DownloadProgress progress) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.progress = progress;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER) // followed by hand: the token stays on the Hub
                    .connectTimeout(Duration.ofSeconds(20))
                    .build();
        }
        return http;
    }

    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment(), DownloadProgress.console());
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /**
     * Downloads the repo files accepted by {@code wanted} at {@code revision} and returns the snapshot folder
     * that holds them (all from one commit).
     */
    public Path snapshot(String repoId, String revision, Predicate<String> wanted) {
        checkRepoId(repoId);
        RepoListing listing = listFiles(repoId, revision);
        List<String> files = listing.files().stream().filter(wanted).toList();
        if (files.isEmpty()) {
            throw new HubException("repository '" + repoId + "' at revision '" + revision
                    + "' has none of the files needed (found " + listing.files() + ")");
        }
        for (String file : files) {
            download(repoId, listing.commit(), file);
        }
        try {
            cache.writeRef(repoId, revision, listing.commit());
        } catch (IOException e) {
            throw new HubException("cannot write to the HF cache " + cache.root() + ": " + e.getMessage(), e);
        }
        return cache.snapshotDir(repoId, listing.commit());
    }

    /** One file of a repo, downloaded if needed; returns its path in the snapshot folder of its commit. */
    public Path download(String repoId, String revision, String filename) {
        checkRepoId(repoId);
        if (settings.offline()) {
            return cache.cachedFile(repoId, revision, filename).orElseThrow(() -> new HubException(
                    "HF_HUB_OFFLINE is set and '" + filename + "' of '" + repoId + "' at revision '" + revision
                            + "' is not in the cache " + cache.root()));
        }
        URI url = resolveUrl(repoId, revision, filename);
        FileMetadata metadata;
        try {
            metadata = head(url, repoId, revision, filename);
        } catch (IOException e) {
            Optional<Path> cached = cache.cachedFile(repoId, revision, filename);
            if (cached.isPresent()) {
                return cached.get(); // the Hub is unreachable: the cached copy is the best answer, as in huggingface_hub
            }
            throw new HubException("cannot reach " + settings.endpoint() + " to download '" + filename + "' of '"
                    + repoId + "' (" + describe(e) + "), and it is not in the cache " + cache.root()
                    + ". Check the network or HF_ENDPOINT, or run where the file is cached.", e);
        }
        try {
            Path snapshotFile = cache.snapshotFile(repoId, metadata.commit(), filename);
            cache.writeRef(repoId, revision, metadata.commit());
            if (Files.exists(snapshotFile)) {
                return snapshotFile;
            }
            Path blob = cache.blob(repoId, metadata.etag());
            if (!Files.exists(blob)) {
                fetchLocked(repoId, filename, metadata);
            }
            return cache.link(repoId, metadata.commit(), filename, metadata.etag());
        } catch (IOException e) {
            throw new HubException("downloading '" + filename + "' of '" + repoId + "' into " + cache.root()
                    + " failed: " + describe(e), e);
        }
    }

    /** The files of a repo at a revision, from the Hub's API, or from the cached snapshot when offline. */
    public RepoListing listFiles(String repoId, String revision) {
        checkRepoId(repoId);
        if (!settings.offline()) {
            URI url = URI.create(settings.endpoint() + "/api/models/" + repoId + "/revision/" + encode(revision));
            try {
                HttpResponse<InputStream> response = send(url, "GET", null);
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw failure(response.statusCode(), response.headers(), url, repoId, revision, null);
                    }
                    JsonNode json = JSON.readTree(body);
                    String commit = json.path("sha").asText(null);
                    if (commit == null || !json.path("siblings").isArray()) {
                        throw new HubException(url + " answered without 'sha' and 'siblings': is " + settings.endpoint()
                                + " a Hugging Face Hub?");
                    }
                    List<String> files = new ArrayList<>();
                    json.get("siblings").forEach(s -> files.add(s.path("rfilename").asText()));
                    return new RepoListing(commit, files);
                }
            } catch (IOException e) {
                Optional<RepoListing> cached = cachedListing(repoId, revision);
                if (cached.isPresent()) {
                    return cached.get();
                }
                throw new HubException("cannot reach " + settings.endpoint() + " to list '" + repoId + "' ("
                        + describe(e) + "), and it is not in the cache " + cache.root(), e);
            }
        }
        return cachedListing(repoId, revision).orElseThrow(() -> new HubException("HF_HUB_OFFLINE is set and '"
                + repoId + "' at revision '" + revision + "' is not in the cache " + cache.root()));
    }

    private Optional<RepoListing> cachedListing(String repoId, String revision) {
        Optional<String> commit = cache.cachedCommit(repoId, revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> files = cache.cachedFiles(repoId, commit.get());
            return files.isEmpty() ? Optional.empty() : Optional.of(new RepoListing(commit.get(), files));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Releases the HTTP client's threads and connections; the cache stays. */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
    }

    /** A repo's commit and file names. */
    public record RepoListing(String commit, List<String> files) {
    }

    private record FileMetadata(String commit, String etag, long size, URI downloadUrl) {
    }

    private URI resolveUrl(String repoId, String revision, String filename) {
        StringBuilder path = new StringBuilder();
        for (String segment : filename.split("/")) {
            path.append('/').append(encode(segment));
        }
        return URI.create(settings.endpoint() + "/" + repoId + "/resolve/" + encode(revision) + path);
    }

    private FileMetadata head(URI url, String repoId, String revision, String filename) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(current, "HEAD", null);
            response.body().close();
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (isRedirect(status)) {
                URI asked = current;
                URI location = asked.resolve(headers.firstValue("Location").orElseThrow(
                        () -> new IOException(asked + " redirected without a Location")));
                if (sameHost(location, settings.endpoint())) {
                    current = location; // e.g. a renamed repo: ask again
                    continue;
                }
                // Redirect to the CDN: the Hub puts the file's metadata on the redirect itself.
                return metadata(headers, location, asked);
            }
            if (status != 200) {
                throw failure(status, headers, current, repoId, revision, filename);
            }
            return metadata(headers, current, current);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + url);
    }

    private FileMetadata metadata(HttpHeaders headers, URI downloadUrl, URI asked) {
        String commit = headers.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(
                asked + " answered without an X-Repo-Commit header: is " + settings.endpoint() + " a Hugging Face Hub?"));
        String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag")).map(HubClient::cleanEtag)
                .orElseThrow(() -> new HubException(asked + " answered without an ETag: cannot cache the file"));
        long size = headers.firstValue("X-Linked-Size").or(() -> headers.firstValue("Content-Length"))
                .map(Long::parseLong).orElse(-1L);
        return new FileMetadata(commit, etag, size, downloadUrl);
    }

    private static String cleanEtag(String etag) {
        String clean = etag.startsWith("W/") ? etag.substring(2) : etag;
        return clean.replace("\"", "");
    }

    /** Downloads the blob under an inter-process lock, so two JVMs never write the same .incomplete file. */
    private void fetchLocked(String repoId, String filename, FileMetadata metadata) throws IOException {
        Path lock = cache.lockFile(repoId, metadata.etag());
        Files.createDirectories(lock.getParent());
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.exists(cache.blob(repoId, metadata.etag()))) {
                fetch(repoId, filename, metadata);
            }
        }
    }

    private void fetch(String repoId, String filename, FileMetadata metadata) throws IOException {
        Path partial = cache.incomplete(repoId, metadata.etag());
        Files.createDirectories(partial.getParent());
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                fetchOnce(filename, metadata, partial);
                last = null;
                break;
            } catch (IOException e) {
                last = e; // a dropped connection: the next attempt resumes from what is on disk
            }
        }
        if (last != null) {
            throw new IOException("gave up after " + MAX_ATTEMPTS + " attempts (" + describe(last)
                    + "); the partial file " + partial + " is kept and the next run resumes it", last);
        }
        long size = Files.size(partial);
        if (metadata.size() >= 0 && size != metadata.size()) {
            Files.delete(partial);
            throw new IOException("'" + filename + "' has " + size + " bytes, the Hub announced " + metadata.size());
        }
        if (SHA256.matcher(metadata.etag()).matches()) {
            String actual = sha256(partial);
            if (!actual.equals(metadata.etag())) {
                Files.delete(partial);
                throw new IOException("'" + filename + "' is corrupt: sha256 " + actual + " but the Hub's ETag is "
                        + metadata.etag() + "; the partial download was removed, run again");
            }
        }
        Files.move(partial, cache.blob(repoId, metadata.etag()), StandardCopyOption.ATOMIC_MOVE);
    }

    private void fetchOnce(String filename, FileMetadata metadata, Path partial) throws IOException {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (metadata.size() >= 0 && have >= metadata.size()) {
            if (have == metadata.size()) {
                return;
            }
            Files.delete(partial);
            have = 0;
        }
        URI current = metadata.downloadUrl();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(current, "GET", have > 0 ? "bytes=" + have + "-" : null);
            int status = response.statusCode();
            if (isRedirect(status)) {
                response.body().close();
                URI base = current;
                current = base.resolve(response.headers().firstValue("Location").orElseThrow(
                        () -> new IOException(base + " redirected without a Location")));
                continue;
            }
            try (InputStream body = response.body()) {
                boolean resumed = status == 206;
                if (status == 416) {
                    Files.delete(partial); // our partial file does not fit the blob: start over
                    throw new IOException("the server refused to resume at byte " + have);
                }
                if (status != 200 && !resumed) {
                    throw failure(status, response.headers(), current, null, null, filename);
                }
                long start = resumed ? have : 0;
                progress.started(filename, metadata.size(), start);
                copy(body, partial, resumed, start, filename);
                progress.finished(filename);
                return;
            }
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + metadata.downloadUrl());
    }

    private void copy(InputStream body, Path partial, boolean append, long start, String filename) throws IOException {
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            long written = start;
            int n;
            while ((n = body.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                written += n;
                progress.advanced(filename, written);
            }
        }
    }

    private HttpResponse<InputStream> send(URI url, String method, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", "siren-java/" + SirenVersion.current())
                .header("Accept-Encoding", "identity")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (settings.token() != null && sameHost(url, settings.endpoint())) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HubException failure(int status, HttpHeaders headers, URI url, String repoId, String revision,
                                 String filename) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String serverMessage = headers.firstValue("X-Error-Message").map(m -> " (Hub: " + m + ")").orElse("");
        String repo = repoId == null ? url.toString() : "'" + repoId + "'";
        String tokenAdvice = settings.token() == null
                ? "set HF_TOKEN (or log in with `hf auth login`) to a token with access"
                : "the token in use (HF_TOKEN or $HF_HOME/token) has no access to it";
        if (code.equals("GatedRepo") || status == 403) {
            return new HubException("repository " + repo + " is gated: request access at " + settings.endpoint() + "/"
                    + (repoId == null ? "" : repoId) + " and " + tokenAdvice + serverMessage);
        }
        if (code.equals("RepoNotFound") || status == 401) {
            return new HubException("repository " + repo + " was not found, or it is private or gated: check the name, or "
                    + tokenAdvice + serverMessage);
        }
        if (code.equals("RevisionNotFound")) {
            return new HubException("revision '" + revision + "' does not exist in repository " + repo + serverMessage);
        }
        if (code.equals("EntryNotFound") || status == 404) {
            return new HubException("file '" + filename + "' does not exist in repository " + repo + " at revision '"
                    + revision + "'" + serverMessage);
        }
        return new HubException("HTTP " + status + " from " + url + serverMessage);
    }

    private static void checkRepoId(String repoId) {
        if (!repoId.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?") || repoId.contains("..")) {
            throw new HubException("'" + repoId + "' is not a Hugging Face repo id (expected 'org/name')");
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
