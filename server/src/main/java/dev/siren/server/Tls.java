package dev.siren.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's HTTPS identity: a certificate chain with its private key, from a PKCS12 keystore or from PEM files,
 * and optionally the certificate authorities a client certificate must chain to (mutual TLS).
 */
public record Tls(KeyStore identity, char[] password, KeyStore clientAuthorities) {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /** A PKCS12 keystore holding one private key entry. */
    public static Tls pkcs12(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return new Tls(store, password, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the PKCS12 keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** A PEM certificate chain and an unencrypted PKCS#8 PEM private key (RSA or EC). */
    public static Tls pem(Path certificates, Path privateKey) {
        List<Certificate> chain = certificates(certificates);
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("siren", key, password, chain.toArray(Certificate[]::new));
            return new Tls(store, password, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the key in " + privateKey + " does not match the certificate in "
                    + certificates + ": " + e.getMessage(), e);
        }
    }

    /** Requires every client to present a certificate issued by one in this PEM file (mutual TLS). */
    public Tls requiringClientCertificates(Path authoritiesPem) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(authoritiesPem)) {
                trusted.setCertificateEntry("ca" + i++, ca);
            }
            return new Tls(identity, password, trusted);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold certificates in memory", e);
        }
    }

    public boolean requiresClientCertificates() {
        return clientAuthorities != null;
    }

    private static List<Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no PEM certificate");
            }
            return List.copyOf(read);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the private key " + pem + ": " + e.getMessage(), e);
        }
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(pem + " holds no unencrypted PKCS#8 key ('-----BEGIN PRIVATE KEY-----');"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(pem + " holds a private key that is not RSA, EC or Ed25519");
    }
}
