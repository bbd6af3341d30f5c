package dev.vortex.server;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed server certificates made in the test (for {@code localhost} and {@code 127.0.0.1}), written as the
 * PEM files {@code --tls-cert} and {@code --tls-key} take, with an {@link SSLContext} that trusts only them.
 *
 * @param bundle the certificate and its key pair
 * @param certificate the PEM file of the certificate
 * @param key the PEM file of the private key (PKCS#8)
 */
public record TestCertificates(X509Bundle bundle, Path certificate, Path key) {
    /** Makes an EC (P-256) pair and writes it as {@code dir/name.crt} and {@code dir/name.key}. */
    public static TestCertificates ec(Path dir, String name) {
        return make(dir, name, new CertificateBuilder().ecp256());
    }

    /** Makes an RSA (2048 bits) pair and writes it as {@code dir/name.crt} and {@code dir/name.key}. */
    public static TestCertificates rsa(Path dir, String name) {
        return make(dir, name, new CertificateBuilder().rsa2048());
    }

    private static TestCertificates make(Path dir, String name, CertificateBuilder builder) {
        try {
            Instant now = Instant.now();
            X509Bundle bundle = builder.subject("CN=" + name)
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    // As `openssl req -x509` makes them: its own CA (which trust stores want of a root), and a
                    // server certificate.
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, KeyUsage.digitalSignature, KeyUsage.keyCertSign)
                    .addExtendedKeyUsageServerAuth()
                    .notBefore(now.minus(1, ChronoUnit.DAYS))
                    .notAfter(now.plus(1, ChronoUnit.DAYS))
                    .buildSelfSigned();
            Path certificate = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.writeString(certificate, bundle.getCertificatePathPEM());
            Files.writeString(key, bundle.getPrivateKeyPEM());
            return new TestCertificates(bundle, certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certificate for the test", e);
        }
    }

    /** The certificate itself. */
    public X509Certificate x509() {
        return bundle.getCertificate();
    }

    /** A TLS client context that trusts this certificate, and nothing else. */
    public SSLContext trustingIt() {
        return trusting(certificate);
    }

    /** A TLS client context that trusts the certificates of these PEM files, and nothing else. */
    public static SSLContext trusting(Path... pemFiles) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Path file : pemFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : x509.generateCertificates(in)) {
                        trusted.setCertificateEntry("trusted-" + trusted.size(), certificate);
                    }
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + java.util.Arrays.toString(pemFiles), e);
        }
    }

    /**
     * Puts this pair's files in place of {@code target}'s, each by an atomic rename, as a renewal does (the key
     * first: a server that looks in between sees a key without its certificate and keeps what it serves).
     */
    public void replace(TestCertificates target) throws IOException {
        Files.move(key, target.key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(
                certificate, target.certificate(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
