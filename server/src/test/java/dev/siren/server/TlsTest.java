package dev.siren.server;

import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HTTPS from a PKCS12 keystore or PEM files, and mutual TLS refusing a client without a certificate. */
class TlsTest {

    private static final char[] PASSWORD = "test-password".toCharArray();
    @TempDir
    static Path dir;
    private static Path serverP12;
    private static Path clientP12;

    @BeforeAll
    static void certificates() throws Exception {
        serverP12 = selfSigned("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        clientP12 = selfSigned("client", "CN=siren-test-client", null);
    }

    /** A self-signed certificate and its key, made by the JDK's keytool. */
    private static Path selfSigned(String name, String subject, String extension) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", name,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD)));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        return store;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static Certificate certificate(Path p12) throws Exception {
        KeyStore store = load(p12);
        return store.getCertificate(store.aliases().nextElement());
    }

    private static Path pem(String name, String type, byte[] der) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }

    /** An HTTPS client trusting the test server's certificate, presenting {@code identity} if not null. */
    private static HttpClient client(Path identity) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate(serverP12));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = null;
        if (identity != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(identity), PASSWORD);
        }
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static HttpResponse<String> score(HttpClient client, int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/score"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a bomb\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).tls(Tls.pkcs12(serverP12, PASSWORD)).build();
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), config)) {
            HttpResponse<String> answer = score(client(null), server.port());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    @Test
    void servesHttpsFromPemFiles() throws Exception {
        KeyStore store = load(serverP12);
        Path cert = pem("server.crt", "CERTIFICATE", certificate(serverP12).getEncoded());
        Path key = pem("server.key", "PRIVATE KEY", store.getKey("server", PASSWORD).getEncoded());
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(),
                ServerConfig.builder().port(0).tls(Tls.pem(cert, key)).build())) {
            assertEquals(200, score(client(null), server.port()).statusCode());
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutAnAcceptedCertificate() throws Exception {
        Path authorities = pem("clients.crt", "CERTIFICATE", certificate(clientP12).getEncoded());
        Tls tls = Tls.pkcs12(serverP12, PASSWORD).requiringClientCertificates(authorities);
        try (SirenServer server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).tls(tls).build())) {
            assertEquals(200, score(client(clientP12), server.port()).statusCode());
            assertThrows(IOException.class, () -> score(client(null), server.port()));
            assertThrows(IOException.class, () -> score(client(serverP12), server.port()), "a certificate from no accepted authority");
        }
    }
}
