package dev.siren.guard.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.guard.progress.Progress;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Downloads files of Hugging Face model repos into the shared HF cache ({@link HubCache}), as huggingface_hub's
 * {@code hf_hub_download} does: a HEAD on {@code {endpoint}/{repo}/resolve/{revision}/{file}} gives the commit
 * (X-Repo-Commit), the blob's ETag (X-Linked-Etag for LFS files, else ETag) and size; the blob is fetched once
 * ({@link BlobDownload}: CDN redirects without the token, Range resume, sha256 check) and linked into
 * {@code snapshots/{commit}/}. Every name from the caller or the Hub is checked ({@link HubNames}) before it becomes
 * a cache path, and a size is required, as huggingface_hub does, so a download can be cut off at it. Offline, or
 * when the Hub cannot be reached, cached files are served. Thread-safe.
 */
public final class HubClient implements AutoCloseable {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG); // the Hub's answers are untrusted input
    /** A repo's file listing; the largest real ones are a few MB. */
    private static final int MAX_LISTING_BYTES = 64_000_000;

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownload blobs;

    public HubClient(HubSettings settings, Progress progress) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
        this.blobs = new BlobDownload(http, cache, progress);
    }

    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment(), Progress.console());
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
        RepoListing listing = listFiles(repoId, revision);
        List<String> files = listing.files().stream().filter(wanted).toList();
        if (files.isEmpty()) {
            throw new HubException("repository '" + repoId + "' at revision '" + revision
                    + "' has none of the files needed (found " + listing.files() + ")");
        }
        files.forEach(file -> HubNames.filename(file, "the file list of '" + repoId + "' at revision '" + revision
                + "'"));
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
        HubNames.repoId(repoId);
        HubNames.revision(revision, "the download of '" + repoId + "'");
        HubNames.filename(filename, "the download of '" + repoId + "'");
        if (settings.offline()) {
            return cache.cachedFile(repoId, revision, filename).orElseThrow(() -> new HubException(
                    "HF_HUB_OFFLINE is set and '" + filename + "' of '" + repoId + "' at revision '" + revision
                            + "' is not in the cache " + cache.root()));
        }
        BlobMetadata metadata;
        try {
            metadata = metadata(repoId, revision, filename);
        } catch (IOException e) {
            Optional<Path> cached = cache.cachedFile(repoId, revision, filename);
            if (cached.isPresent()) {
                return cached.get(); // the Hub is unreachable: the cached copy is the best answer, as in huggingface_hub
            }
            throw new HubException("cannot reach " + settings.endpoint() + " to download '" + filename + "' of '"
                    + repoId + "' (" + http.describe(e) + "), and it is not in the cache " + cache.root()
                    + ". Check the network or HF_ENDPOINT, or run where the file is cached.", e);
        }
        try {
            Path snapshotFile = cache.snapshotFile(repoId, metadata.commit(), filename);
            cache.writeRef(repoId, revision, metadata.commit());
            if (Files.exists(snapshotFile)) {
                return snapshotFile;
            }
            blobs.ensure(repoId, filename, metadata);
            return cache.link(repoId, metadata.commit(), filename, metadata.etag());
        } catch (IOException e) {
            throw new HubException("downloading '" + filename + "' of '" + repoId + "' into " + cache.root()
                    + " failed: " + http.describe(e), e);
        }
    }

    /** The files of a repo at a revision, from the Hub's API, or from the cached snapshot when offline. */
    public RepoListing listFiles(String repoId, String revision) {
        HubNames.repoId(repoId);
        HubNames.revision(revision, "the listing of '" + repoId + "'");
        if (settings.offline()) {
            return cachedListing(repoId, revision).orElseThrow(() -> new HubException("HF_HUB_OFFLINE is set and '"
                    + repoId + "' at revision '" + revision + "' is not in the cache " + cache.root()));
        }
        URI url = URI.create(settings.endpoint() + "/api/models/" + repoId + "/revision/" + encode(revision));
        try {
            HttpResponse<InputStream> response = http.send(url, "GET", null);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw HubErrors.from(settings, response.statusCode(), response.headers(), url, repoId, revision,
                            null);
                }
                byte[] answer = body.readNBytes(MAX_LISTING_BYTES + 1);
                if (answer.length > MAX_LISTING_BYTES) {
                    throw new HubException(url + " answered with more than " + MAX_LISTING_BYTES / 1_000_000
                            + " MB: is " + settings.endpoint() + " a Hugging Face Hub?");
                }
                JsonNode json = JSON.readTree(answer);
                String commit = json.path("sha").asText(null);
                if (commit == null || !json.path("siblings").isArray()) {
                    throw new HubException(url + " answered without 'sha' and 'siblings': is " + settings.endpoint()
                            + " a Hugging Face Hub?");
                }
                HubNames.commit(commit, url + " ('sha')");
                List<String> files = new ArrayList<>();
                json.get("siblings").forEach(s -> files.add(s.path("rfilename").asText()));
                return new RepoListing(commit, files);
            }
        } catch (IOException e) {
            return cachedListing(repoId, revision).orElseThrow(() -> new HubException("cannot reach "
                    + settings.endpoint() + " to list '" + repoId + "' (" + http.describe(e)
                    + "), and it is not in the cache " + cache.root(), e));
        }
    }

    /** Releases the HTTP client's threads and connections; the cache stays. */
    @Override
    public void close() {
        http.close();
    }

    /** A repo's commit and file names. */
    public record RepoListing(String commit, List<String> files) {
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

    /** HEAD on the file's resolve URL, following Hub-internal redirects (renamed repos) but not the CDN's. */
    private BlobMetadata metadata(String repoId, String revision, String filename) throws IOException {
        StringBuilder path = new StringBuilder();
        for (String segment : filename.split("/")) {
            path.append('/').append(encode(segment));
        }
        URI url = URI.create(settings.endpoint() + "/" + repoId + "/resolve/" + encode(revision) + path);
        URI current = url;
        for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = http.send(current, "HEAD", null);
            response.body().close();
            int status = response.statusCode();
            if (HubHttp.isRedirect(status)) {
                URI location = HubHttp.location(current, response);
                if (http.isHub(location)) {
                    current = location;
                    continue;
                }
                // Redirect to the CDN: the Hub puts the file's metadata on the redirect itself.
                return metadata(response.headers(), location, current);
            }
            if (status != 200) {
                throw HubErrors.from(settings, status, response.headers(), current, repoId, revision, filename);
            }
            return metadata(response.headers(), current, current);
        }
        throw new IOException("more than " + HubHttp.MAX_REDIRECTS + " redirects from " + url);
    }

    /** The file's commit, blob id and size from the Hub's headers, each checked before it names a cache path. */
    private BlobMetadata metadata(HttpHeaders headers, URI downloadUrl, URI asked) {
        String commit = headers.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(
                asked + " answered without an X-Repo-Commit header: is " + settings.endpoint() + " a Hugging Face Hub?"));
        HubNames.commit(commit, asked + " (X-Repo-Commit)");
        String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .map(value -> HubNames.etag(value, asked.toString()))
                .orElseThrow(() -> new HubException(asked + " answered without an ETag: cannot cache the file"));
        String size = headers.firstValue("X-Linked-Size").or(() -> headers.firstValue("Content-Length"))
                .orElseThrow(() -> new HubException(asked + " answered without the file's size (X-Linked-Size or"
                        + " Content-Length): is " + settings.endpoint() + " a Hugging Face Hub?"));
        if (!size.matches("[0-9]{1,18}")) {
            throw new HubException(asked + " gave the file's size as " + HubNames.show(size) + ", not a number");
        }
        return new BlobMetadata(commit, etag, Long.parseLong(size), downloadUrl);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
