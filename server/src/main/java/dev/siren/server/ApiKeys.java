package dev.siren.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API keys a caller may present as {@code Authorization: Bearer KEY}. Only their SHA-256 digests are kept in
 * memory, and a presented key is compared with every digest in constant time, so neither a heap dump nor response
 * timing gives a key away. A key's id (the first 12 hex digits of its digest) names the caller in logs and limits.
 */
public final class ApiKeys {

    /** No keys: the service is open. */
    public static final ApiKeys NONE = new ApiKeys(List.of());

    private static final int MIN_KEY_CHARS = 16;

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** Keys one per line; blank lines and lines starting with '#' are skipped. */
    public static ApiKeys parse(String lines, String source) {
        List<byte[]> digests = new ArrayList<>();
        String[] all = lines.split("\r?\n");
        for (int i = 0; i < all.length; i++) {
            String key = all[i].strip();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            if (key.length() < MIN_KEY_CHARS || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": an API key must be at least "
                        + MIN_KEY_CHARS + " printable ASCII characters without spaces");
            }
            digests.add(sha256(key));
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no API key (one per line expected)");
        }
        return new ApiKeys(digests);
    }

    /** Reads keys from a file, one per line. */
    public static ApiKeys read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /** The id of the key in an {@code Authorization} header value, or empty when it names no key of this set. */
    Optional<String> identify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        byte[] match = null;
        for (byte[] digest : digests) { // no early exit: the time taken does not depend on which key matched
            if (MessageDigest.isEqual(digest, presented)) {
                match = digest;
            }
        }
        return match == null ? Optional.empty() : Optional.of("key:" + HexFormat.of().formatHex(match, 0, 6));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
