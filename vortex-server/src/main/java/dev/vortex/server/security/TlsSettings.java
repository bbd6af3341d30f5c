package dev.vortex.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server's TLS certificate and private key are, so that it serves {@code https://} and {@code wss://}
 * itself, and how often those files are checked for a renewal ({@link CertificateReloader}).
 *
 * @param certificate PEM file of the certificate chain, the server's own certificate first
 * @param key PEM file of the private key (PKCS#8, {@code -----BEGIN PRIVATE KEY-----}; RSA or EC)
 * @param reloadInterval how often the two files are checked for a change (a cheap look at their size and time)
 */
public record TlsSettings(Path certificate, Path key, Duration reloadInterval) {
    /** How often the files are checked for a renewal, unless set: certificates are renewed days ahead. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

    /** Checks the parts. */
    public TlsSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("tls.reload-interval must be positive, was " + reloadInterval);
        }
    }

    /**
     * TLS settings from the two options, which go together.
     *
     * @param certificate {@code --tls-cert}, or {@code null}
     * @param key {@code --tls-key}, or {@code null}
     * @param reloadInterval {@code --tls-reload-interval}
     * @return empty when neither file is given (plain HTTP)
     * @throws IllegalArgumentException naming the missing option when only one of the two is given
     */
    public static Optional<TlsSettings> of(Path certificate, Path key, Duration reloadInterval) {
        if (certificate == null && key == null) {
            return Optional.empty();
        }
        if (key == null) {
            throw new IllegalArgumentException("--tls-cert " + certificate
                    + " needs --tls-key (tls.key, VORTEX_TLS_KEY): the PEM file of the certificate's private key");
        }
        if (certificate == null) {
            throw new IllegalArgumentException("--tls-key " + key
                    + " needs --tls-cert (tls.cert, VORTEX_TLS_CERT): the PEM file of the certificate chain");
        }
        return Optional.of(new TlsSettings(certificate, key, reloadInterval));
    }
}
