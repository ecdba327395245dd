package dev.siren.train.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Pooled layer features on disk, keyed by backbone id and the SHA-256 of the text, so repeated training runs
 * (sweeps, other seeds, other heads) never run the backbone twice on the same text.
 *
 * <p>One append-only file per backbone: a header (magic, layers, hidden size, backbone id) then records of
 * [32-byte text hash][layers × hidden little-endian floats][CRC-32 of both]. Several processes may share a cache:
 * appends hold an exclusive file lock and go after the last complete record, and a record whose checksum does not
 * match (cut short by a crash, or caught half-written) reads as missing. Files of the first version (magic
 * SIRENFC1, records without checksum) are still read and extended in their own layout. Thread-safe.
 */
public final class FeatureCache implements AutoCloseable {

    private static final byte[] MAGIC_V1 = "SIRENFC1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V2 = "SIRENFC2".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    private static final int CRC_BYTES = 4;

    private final Path file;
    private final FileChannel channel;
    private final int layers;
    private final int hidden;
    private final Map<String, Long> offsets = new HashMap<>();
    private boolean checksummed = true;
    private int recordBytes;
    private long headerBytes;

    private FeatureCache(Path file, FileChannel channel, int layers, int hidden) {
        this.file = file;
        this.channel = channel;
        this.layers = layers;
        this.hidden = hidden;
    }

    /** Opens (or creates) the cache of one backbone in a directory. */
    public static FeatureCache open(Path directory, String backboneId, int layers, int hidden) throws IOException {
        Files.createDirectories(directory);
        String safe = backboneId.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 60) safe = safe.substring(safe.length() - 60);
        Path file = directory.resolve(safe + "-" + hash(backboneId).substring(0, 12) + ".features");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FeatureCache cache = new FeatureCache(file, channel, layers, hidden);
        try {
            cache.load(backboneId);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return cache;
    }

    /** SHA-256 of the text's UTF-8 bytes, in hex: the cache key of a text. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized int size() {
        return offsets.size();
    }

    /** The cached features [layer][hidden] of a text hash, or null. */
    public synchronized float[][] get(String textHash) throws IOException {
        Long offset = offsets.get(textHash);
        if (offset == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        readFully(buf, offset);
        buf.flip();
        if (checksummed && crc(buf.array(), recordBytes - CRC_BYTES) != buf.getInt(recordBytes - CRC_BYTES)) {
            offsets.remove(textHash);
            return null;
        }
        buf.position(HASH_BYTES);
        float[][] f = new float[layers][hidden];
        for (float[] row : f) {
            buf.asFloatBuffer().get(row);
            buf.position(buf.position() + 4 * hidden);
        }
        return f;
    }

    /** Stores the features of a text hash (a hash already present is left as it is). */
    public synchronized void put(String textHash, float[][] features) throws IOException {
        if (offsets.containsKey(textHash)) {
            return;
        }
        if (features.length != layers || features[0].length != hidden) {
            throw new IllegalArgumentException("features are " + features.length + " x " + features[0].length
                    + ", the cache holds " + layers + " x " + hidden);
        }
        ByteBuffer buf = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(HexFormat.of().parseHex(textHash));
        for (float[] row : features) {
            for (float v : row) buf.putFloat(v);
        }
        if (checksummed) {
            buf.putInt(crc(buf.array(), recordBytes - CRC_BYTES));
        }
        buf.flip();
        try (FileLock lock = channel.lock()) {
            // after the last complete record, whoever wrote it (another process may have appended meanwhile)
            long at = headerBytes + (channel.size() - headerBytes) / recordBytes * recordBytes;
            long offset = at;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            offsets.put(textHash, offset);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.force(false);
        channel.close();
    }

    private void load(String backboneId) throws IOException {
        byte[] id = backboneId.getBytes(StandardCharsets.UTF_8);
        headerBytes = MAGIC_V2.length + 12 + id.length;
        try (FileLock lock = channel.lock()) {
            if (channel.size() == 0) {
                ByteBuffer h = ByteBuffer.allocate((int) headerBytes).order(ByteOrder.LITTLE_ENDIAN);
                h.put(MAGIC_V2).putInt(layers).putInt(hidden).putInt(id.length).put(id).flip();
                while (h.hasRemaining()) channel.write(h, h.position());
            }
        }
        ByteBuffer h = ByteBuffer.allocate((int) Math.min(channel.size(), headerBytes)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(h, 0);
        h.flip();
        byte[] magic = new byte[MAGIC_V2.length];
        if (h.remaining() < headerBytes) {
            throw new IOException(file + " is not a SIREN feature cache of " + backboneId + "; delete it to start afresh");
        }
        h.get(magic);
        if (Arrays.equals(magic, MAGIC_V1)) {
            checksummed = false;
        } else if (!Arrays.equals(magic, MAGIC_V2)) {
            throw new IOException(file + " is not a SIREN feature cache of " + backboneId + "; delete it to start afresh");
        }
        recordBytes = HASH_BYTES + 4 * layers * hidden + (checksummed ? CRC_BYTES : 0);
        int l = h.getInt(), d = h.getInt(), n = h.getInt();
        byte[] storedId = new byte[Math.min(n, h.remaining())];
        h.get(storedId);
        if (l != layers || d != hidden || !Arrays.equals(storedId, id)) {
            throw new IOException(file + " caches " + l + " x " + d + " features of another backbone ('"
                    + new String(storedId, StandardCharsets.UTF_8) + "'), expected " + layers + " x " + hidden
                    + " of '" + backboneId + "'; delete it to start afresh");
        }
        long complete = (channel.size() - headerBytes) / recordBytes;
        ByteBuffer hashBuf = ByteBuffer.allocate(HASH_BYTES);
        for (long r = 0; r < complete; r++) {
            long offset = headerBytes + r * recordBytes;
            hashBuf.clear();
            readFully(hashBuf, offset);
            offsets.put(HexFormat.of().formatHex(hashBuf.array()), offset);
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private void readFully(ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) throw new IOException(file + ": unexpected end of the feature cache");
            at += n;
        }
    }
}
