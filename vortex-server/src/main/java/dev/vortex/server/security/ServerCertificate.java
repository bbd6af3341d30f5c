package dev.vortex.server.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's certificate chain and private key, read from their PEM files and checked before Vert.x is given
 * them: the chain must hold at least one certificate, the key must be an RSA or EC key in PKCS#8, and the key must
 * belong to the first certificate (Vert.x would take a mismatched pair and fail every handshake). Each problem is
 * an {@link IllegalArgumentException} naming the file.
 *
 * <p>Reading is blocking file I/O: never on an event loop.
 */
public final class ServerCertificate {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final byte[] PROBE =
            "vortex: does this key belong to this certificate?".getBytes(StandardCharsets.UTF_8);

    private final byte[] chainPem;
    private final byte[] keyPem;
    private final X509Certificate certificate;
    private final List<Object> stamp;

    private ServerCertificate(byte[] chainPem, byte[] keyPem, X509Certificate certificate, List<Object> stamp) {
        this.chainPem = chainPem;
        this.keyPem = keyPem;
        this.certificate = certificate;
        this.stamp = stamp;
    }

    /**
     * Reads and checks the files of {@code settings}.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or does not hold what it should, or
     *     both files when the key does not belong to the certificate
     */
    public static ServerCertificate read(TlsSettings settings) {
        Path chainFile = settings.certificate();
        Path keyFile = settings.key();
        // The stamp first: a file replaced while it is read shows a new stamp at the next check, which reads again.
        List<Object> stamp = stamp(settings);
        byte[] chainPem = readFile(chainFile, "certificate");
        byte[] keyPem = readFile(keyFile, "key");
        X509Certificate certificate = firstCertificate(chainFile, chainPem);
        PrivateKey key = privateKey(keyFile, keyPem);
        requireMatch(certificate, key, chainFile, keyFile);
        return new ServerCertificate(chainPem, keyPem, certificate, stamp);
    }

    /**
     * What tells a renewal cheaply: the size, modification time and file identity (inode) of both files, links
     * followed (so that a symlink swapped to a new file, as certbot and Kubernetes secrets do, counts).
     *
     * @throws IllegalArgumentException naming a file that cannot be looked at
     */
    static List<Object> stamp(TlsSettings settings) {
        return List.of(stamp(settings.certificate(), "certificate"), stamp(settings.key(), "key"));
    }

    private static List<Object> stamp(Path file, String what) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.Arrays.asList(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS " + what + " file " + file + ": " + e, e);
        }
    }

    /** The options that make Vert.x serve this pair (from the bytes read here: Vert.x reads no file). */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(chainPem)).setKeyValue(Buffer.buffer(keyPem));
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** For the log: subject, serial number and end of validity. */
    public String describe() {
        return certificate.getSubjectX500Principal().getName() + " (serial "
                + certificate.getSerialNumber().toString(16) + ", valid until "
                + certificate.getNotAfter().toInstant() + ")";
    }

    List<Object> stamp() {
        return stamp;
    }

    private static byte[] readFile(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS " + what + " file " + file + ": " + e, e);
        }
    }

    private static X509Certificate firstCertificate(Path file, byte[] pem) {
        Collection<? extends Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "the TLS certificate file " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty() || !(chain.iterator().next() instanceof X509Certificate first)) {
            throw new IllegalArgumentException("the TLS certificate file " + file
                    + " holds no certificate (expected -----BEGIN CERTIFICATE----- blocks, the server's own first)");
        }
        return first;
    }

    private static PrivateKey privateKey(Path file, byte[] pem) {
        Matcher block = PEM_BLOCK.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        if (!block.find()) {
            throw new IllegalArgumentException("the TLS key file " + file
                    + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----, PKCS#8)");
        }
        String type = block.group(1);
        if (!type.equals("PRIVATE KEY")) {
            throw new IllegalArgumentException("the TLS key file " + file + " holds a " + type
                    + "; Vortex reads unencrypted PKCS#8 keys (-----BEGIN PRIVATE KEY-----): convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TLS key file " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not a key of this algorithm: try the next one.
            }
        }
        throw new IllegalArgumentException(
                "the TLS key file " + file + " holds neither an RSA nor an EC private key that can be read");
    }

    private static void requireMatch(X509Certificate certificate, PrivateKey key, Path chainFile, Path keyFile) {
        PublicKey publicKey = certificate.getPublicKey();
        boolean matches;
        try {
            matches = publicKey.getAlgorithm().equals(key.getAlgorithm()) && signsFor(key, publicKey);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the TLS key file " + keyFile + " (" + key.getAlgorithm()
                    + ") does not belong to the certificate in " + chainFile + " ("
                    + certificate.getSubjectX500Principal().getName() + ", " + publicKey.getAlgorithm()
                    + "): give the key the certificate was issued for");
        }
    }

    /** Whether a signature made with {@code key} verifies with {@code publicKey}: the pair belongs together. */
    private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        Signature signature =
                Signature.getInstance(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        signature.initSign(key);
        signature.update(PROBE);
        byte[] signed = signature.sign();
        signature.initVerify(publicKey);
        signature.update(PROBE);
        return signature.verify(signed);
    }
}
