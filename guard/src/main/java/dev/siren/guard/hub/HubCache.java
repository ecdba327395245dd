package dev.siren.guard.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    static String folderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    public Path repoDir(String repoId) {
        return inside(root.resolve(folderName(repoId)));
    }

    Path blob(String repoId, String etag) {
        return inside(repoDir(repoId).resolve("blobs").resolve(etag));
    }

    Path incomplete(String repoId, String etag) {
        return inside(repoDir(repoId).resolve("blobs").resolve(etag + ".incomplete"));
    }

    Path lockFile(String repoId, String etag) {
        return inside(root.resolve(".locks").resolve(folderName(repoId)).resolve(etag + ".lock"));
    }

    public Path snapshotDir(String repoId, String commit) {
        return inside(repoDir(repoId).resolve("snapshots").resolve(commit));
    }

    Path snapshotFile(String repoId, String commit, String filename) {
        return inside(snapshotDir(repoId, commit).resolve(filename));
    }

    private Path ref(String repoId, String revision) {
        return inside(repoDir(repoId).resolve("refs").resolve(revision));
    }

    /** The commit a revision resolves to from the cache alone: itself if it is a hash, else refs/{revision}. */
    public Optional<String> cachedCommit(String repoId, String revision) {
        if (HubNames.isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = ref(repoId, revision);
        try {
            return Files.isRegularFile(ref)
                    ? Optional.of(HubNames.commit(Files.readString(ref).strip(), "the cache's ref file " + ref))
                    : Optional.empty();
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
        Path ref = ref(repoId, revision);
        Files.createDirectories(ref.getParent());
        Path temp = Files.createTempFile(ref.getParent(), ".ref-", ".tmp"); // readers never see half a ref
        try {
            Files.writeString(temp, commit);
            Files.move(temp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
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

    /**
     * The path, once checked to stay inside the cache: by its name, and by the real location of the path or its
     * nearest existing folder, so neither a '..' nor a symbolic link in the cache leads elsewhere.
     */
    private Path inside(Path path) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        Path normal = path.toAbsolutePath().normalize();
        if (normal.equals(absoluteRoot) || !normal.startsWith(absoluteRoot)) {
            throw new HubException(path + " is outside the HF cache " + root + ": refused");
        }
        Path existing = normal;
        while (existing.startsWith(absoluteRoot) && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing.startsWith(absoluteRoot) && !existing.toRealPath().startsWith(absoluteRoot.toRealPath())) {
                throw new HubException(path + " leads outside the HF cache " + root
                        + " through a symbolic link: refused");
            }
        } catch (IOException e) {
            throw new HubException("cannot check " + path + " against the HF cache " + root + ": " + e, e);
        }
        return path;
    }
}
