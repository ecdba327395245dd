package dev.siren.guard.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Hugging Face cache layout, shared with Python's huggingface_hub so both reuse each other's downloads:
 * <pre>
 * {cache}/models--{org}--{name}/blobs/{etag}                  file contents, named by ETag (sha256 for LFS files)
 * {cache}/models--{org}--{name}/blobs/{etag}.incomplete       a download in progress (resumed with Range)
 * {cache}/models--{org}--{name}/snapshots/{commit}/{file}     relative symlink to ../../blobs/{etag}
 * {cache}/models--{org}--{name}/refs/{revision}               the commit a branch or tag pointed to
 * {cache}/.locks/models--{org}--{name}/{etag}.lock            one downloader per blob
 * </pre>
 */
public final class HubCache {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static boolean isCommitHash(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    static String folderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    public Path repoDir(String repoId) {
        return root.resolve(folderName(repoId));
    }

    Path blob(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag);
    }

    Path incomplete(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag + ".incomplete");
    }

    Path lockFile(String repoId, String etag) {
        return root.resolve(".locks").resolve(folderName(repoId)).resolve(etag + ".lock");
    }

    public Path snapshotDir(String repoId, String commit) {
        return repoDir(repoId).resolve("snapshots").resolve(commit);
    }

    Path snapshotFile(String repoId, String commit, String filename) {
        return snapshotDir(repoId, commit).resolve(filename);
    }

    /** The commit a revision resolves to from the cache alone: itself if it is a hash, else refs/{revision}. */
    public Optional<String> cachedCommit(String repoId, String revision) {
        if (isCommitHash(revision)) {
            return Optional.of(revision);
        }
        Path ref = repoDir(repoId).resolve("refs").resolve(revision);
        try {
            return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    /** The cached file for a revision, if both the revision's commit and the file are in the cache. */
    public Optional<Path> cachedFile(String repoId, String revision, String filename) {
        return cachedCommit(repoId, revision)
                .map(commit -> snapshotFile(repoId, commit, filename))
                .filter(Files::exists);
    }

    /** Files of a cached snapshot, as repo-relative paths with '/' separators. */
    public List<String> cachedFiles(String repoId, String commit) throws IOException {
        Path dir = snapshotDir(repoId, commit);
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !Files.isDirectory(p))
                    .forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        files.sort(null);
        return files;
    }

    void writeRef(String repoId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repoDir(repoId).resolve("refs").resolve(revision);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit);
    }

    /** Points snapshots/{commit}/{filename} at the blob: a relative symlink, or a copy where links are refused. */
    Path link(String repoId, String commit, String filename, String etag) throws IOException {
        Path target = snapshotFile(repoId, commit, filename);
        Path blob = blob(repoId, etag);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try {
            Files.createSymbolicLink(target, target.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
