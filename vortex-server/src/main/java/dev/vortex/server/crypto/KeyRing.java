package dev.vortex.server.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.RsaAlgorithm;
import org.springframework.security.crypto.encrypt.RsaKeyHolder;
import org.springframework.security.crypto.encrypt.RsaSecretEncryptor;
import org.springframework.security.crypto.encrypt.TextEncryptor;

/**
 * The encryptors of the configured keys, found the way Spring Cloud Config finds them: one symmetric key
 * ({@code Encryptors.text(key, salt)}: AES-256-CBC, PBKDF2 key, hex text) or an RSA private key in PEM, or a
 * keystore whose key pairs are picked by a value's {@code {key:alias}} and {@code {secret:...}} prefix
 * ({@link RsaSecretEncryptor}: an RSA-wrapped random AES key, base64 text).
 *
 * <p>The formats are Spring Security's own classes, so values made by Spring's tools (the {@code spring
 * encrypt} CLI, Spring Cloud Config's {@code /encrypt}) decrypt unchanged and vice versa.
 *
 * <p>Thread-safe: Spring's encryptors synchronise their ciphers, and the keystore's encryptors are
 * created once per alias and secret.
 */
public final class KeyRing {
    private final Optional<TextEncryptor> single;
    private final Optional<KeyStore> keyStore;
    private final Optional<EncryptionSettings.KeyStoreSettings> keyStoreSettings;
    private final Map<String, TextEncryptor> keyStoreEncryptors = new ConcurrentHashMap<>();

    private KeyRing(
            Optional<TextEncryptor> single,
            Optional<KeyStore> keyStore,
            Optional<EncryptionSettings.KeyStoreSettings> keyStoreSettings) {
        this.single = single;
        this.keyStore = keyStore;
        this.keyStoreSettings = keyStoreSettings;
    }

    /**
     * Loads the keys of {@code settings}; the default key pair of a keystore is read at once, so that a
     * wrong path, password or alias stops the server at start rather than at the first value.
     *
     * @throws IllegalArgumentException naming the keystore, alias or key that cannot be used
     */
    public static KeyRing of(EncryptionSettings settings) {
        if (settings.keyStore().isPresent()) {
            EncryptionSettings.KeyStoreSettings store = settings.keyStore().get();
            KeyRing ring = new KeyRing(Optional.empty(), Optional.of(load(store)), settings.keyStore());
            ring.keyStoreEncryptor(store.alias(), store.keySecret());
            return ring;
        }
        if (settings.key().isPresent()) {
            return new KeyRing(
                    Optional.of(symmetricOrPem(settings.key().get(), settings.salt())),
                    Optional.empty(),
                    Optional.empty());
        }
        return new KeyRing(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether any key is configured. */
    public boolean installed() {
        return single.isPresent() || keyStore.isPresent();
    }

    /**
     * The encryptor for a value with prefix pairs {@code pairs} ({@code key}, {@code secret}).
     *
     * @return empty when no key is configured
     * @throws IllegalArgumentException when the pairs name a key pair that the keystore lacks
     */
    Optional<TextEncryptor> locate(Map<String, String> pairs) {
        if (keyStoreSettings.isPresent()) {
            EncryptionSettings.KeyStoreSettings store = keyStoreSettings.get();
            String alias = pairs.getOrDefault("key", store.alias());
            String secret = pairs.getOrDefault("secret", store.keySecret());
            return Optional.of(keyStoreEncryptor(alias, secret));
        }
        return single;
    }

    /** The public key that {@code /key} shows ({@code ssh-rsa ...}), when the key is an RSA one. */
    Optional<String> publicKey(Map<String, String> pairs) {
        return locate(pairs).filter(RsaKeyHolder.class::isInstance).map(encryptor -> ((RsaKeyHolder) encryptor)
                .getPublicKey());
    }

    private TextEncryptor keyStoreEncryptor(String alias, String secret) {
        return keyStoreEncryptors.computeIfAbsent(alias + '\u0000' + secret, ignored -> {
            KeyPair pair = keyPair(alias, secret);
            return new RsaSecretEncryptor(pair, RsaAlgorithm.DEFAULT, EncryptionSettings.DEFAULT_SALT, false);
        });
    }

    private KeyPair keyPair(String alias, String secret) {
        String location =
                keyStoreSettings.map(store -> store.location().toString()).orElse("");
        try {
            Key key = keyStore.orElseThrow().getKey(alias, secret.toCharArray());
            if (!(key instanceof RSAPrivateCrtKey privateKey)) {
                throw new IllegalArgumentException(
                        "keystore " + location + " has no RSA key pair with alias '" + alias + "'");
            }
            RSAPublicKeySpec publicSpec = new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent());
            return new KeyPair(KeyFactory.getInstance("RSA").generatePublic(publicSpec), (PrivateKey) privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read key pair '" + alias + "' of keystore " + location + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(EncryptionSettings.KeyStoreSettings settings) {
        if (!Files.isRegularFile(settings.location())) {
            throw new IllegalArgumentException("keystore " + settings.location() + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(settings.location())) {
            KeyStore store = KeyStore.getInstance(settings.type().orElse(KeyStore.getDefaultType()));
            store.load(in, settings.password().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot open keystore " + settings.location() + ": " + e.getMessage(), e);
        }
    }

    /** As Spring Cloud's {@code EncryptorFactory}: a PEM RSA private key, else a symmetric key. */
    private static TextEncryptor symmetricOrPem(String key, String salt) {
        if (key.contains("RSA PRIVATE KEY")) {
            return new RsaSecretEncryptor(key.replaceAll("\\n *", ""));
        }
        if (key.startsWith("ssh-rsa") || key.contains("RSA PUBLIC KEY")) {
            throw new IllegalArgumentException("encrypt.key is a public key; decryption needs the private key (PEM)");
        }
        try {
            return Encryptors.text(key, salt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encrypt.salt must be hexadecimal, was '" + salt + "'", e);
        }
    }
}
