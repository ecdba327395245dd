package dev.siren.guard.hub;

import java.util.regex.Pattern;

/**
 * Checks every name that becomes part of a cache path: repo ids, revisions and file names from the user or a head's
 * config, commits and ETags from the Hub's answers. A name that fails is refused before it reaches the file system,
 * with a message naming where it came from; {@link HubCache} then checks each final path once more.
 */
public final class HubNames {

    private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Hex ids (git, sha256, md5) and the dashed forms web servers and object stores use; no dot, no separator. */
    private static final Pattern ETAG = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** What git check-ref-format refuses anywhere in a ref, beyond control characters. */
    private static final Pattern REF_FORBIDDEN = Pattern.compile("[ ~^:?*\\[\\\\]|\\.\\.|@\\{|//");
    private static final int MAX_REVISION = 255;
    private static final int MAX_FILENAME = 1024;

    private HubNames() {
    }

    public static boolean isCommit(String value) {
        return value != null && COMMIT.matcher(value).matches();
    }

    static boolean isSha256(String value) {
        return SHA256.matcher(value).matches();
    }

    /** An {@code org/name} (or legacy {@code name}) repo id, as the Hub allows them ('--' would blur the cache folder). */
    static String repoId(String repoId) {
        String[] parts = repoId == null ? new String[0] : repoId.split("/", -1);
        boolean valid = parts.length >= 1 && parts.length <= 2;
        for (String part : parts) {
            valid &= REPO_PART.matcher(part).matches() && !part.contains("..") && !part.contains("--")
                    && !part.endsWith(".") && !part.endsWith("-");
        }
        if (!valid) {
            throw new HubException(show(repoId) + " is not a Hugging Face repo id (expected 'org/name')");
        }
        return repoId;
    }

    /**
     * A branch, tag or commit, as git allows ref names (so {@code refs/pr/1} passes), kept to what is also safe as
     * the cache's {@code refs/<revision>} path.
     *
     * @param source where the revision came from, for the message
     */
    public static String revision(String revision, String source) {
        boolean valid = revision != null && !revision.isEmpty() && revision.length() <= MAX_REVISION
                && !hasControl(revision) && !REF_FORBIDDEN.matcher(revision).find() && !revision.startsWith("/")
                && !revision.endsWith("/") && !revision.endsWith(".") && !revision.equals("@");
        if (valid) {
            for (String part : revision.split("/")) {
                valid &= !part.startsWith(".") && !part.endsWith(".lock");
            }
        }
        if (!valid) {
            throw new HubException(source + " gives revision " + show(revision) + ", which is not a valid branch,"
                    + " tag or commit name");
        }
        return revision;
    }

    /** A commit id as the Hub sends it (40 lower-case hex digits). */
    static String commit(String commit, String source) {
        if (!isCommit(commit)) {
            throw new HubException(source + " gave commit " + show(commit) + ", expected 40 hex digits: is it a"
                    + " Hugging Face Hub?");
        }
        return commit;
    }

    /**
     * The blob name for an ETag header: the weak prefix and quotes removed as huggingface_hub does, then hex-like
     * characters only, as the cache names the blob after it.
     */
    static String etag(String header, String source) {
        String etag = header.startsWith("W/") ? header.substring(2) : header;
        etag = etag.replace("\"", "");
        if (!ETAG.matcher(etag).matches()) {
            throw new HubException(source + " gave ETag " + show(header) + ", expected up to 128 letters, digits,"
                    + " '-' or '_'");
        }
        return etag;
    }

    /** A file inside a repo: relative, '/'-separated, no empty, '.' or '..' part. */
    static String filename(String filename, String source) {
        boolean valid = filename != null && !filename.isEmpty() && filename.length() <= MAX_FILENAME
                && !hasControl(filename) && !filename.contains("\\") && !filename.startsWith("/");
        if (valid) {
            for (String part : filename.split("/", -1)) {
                valid &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
            }
        }
        if (!valid) {
            throw new HubException(source + " names file " + show(filename) + ", which is not a relative path"
                    + " inside a repo");
        }
        return filename;
    }

    /** A value quoted for a message: at most 100 characters, control characters escaped. */
    static String show(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(value.codePointCount(0, value.length()) > 100 ? "...'" : "'").toString();
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
