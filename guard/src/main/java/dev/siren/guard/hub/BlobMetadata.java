package dev.siren.guard.hub;

import java.net.URI;

/**
 * What the Hub says about one file at a revision.
 *
 * @param commit      the commit the revision resolves to (X-Repo-Commit)
 * @param etag        the blob's id: sha256 for LFS files (X-Linked-Etag), the git blob id otherwise (ETag)
 * @param size        bytes, or -1 when not announced
 * @param downloadUrl where the bytes are (the CDN for LFS files)
 */
record BlobMetadata(String commit, String etag, long size, URI downloadUrl) {
}
