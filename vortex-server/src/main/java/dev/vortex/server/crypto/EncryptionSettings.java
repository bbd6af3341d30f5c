package dev.vortex.server.crypto;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys of {@code {cipher}} values, as Spring Cloud Config's {@code encrypt.*} properties give them: a
 * symmetric key (with its salt), or an RSA key pair in a keystore (which wins when both are set, as in
 * Spring Cloud Config), and whether values are decrypted before they are served.
 *
 * @param key the symmetric key ({@code encrypt.key}), or a PEM RSA private key; empty for none
 * @param salt the hex salt of the symmetric key ({@code encrypt.salt})
 * @param keyStore the keystore ({@code encrypt.key-store.*}); empty for none
 * @param decrypt whether {@code {cipher}} values are decrypted on the server (Spring Cloud Config's
 *     {@code spring.cloud.config.server.encrypt.enabled}); when false they are served as they are, for
 *     clients that hold the key
 */
public record EncryptionSettings(
        Optional<String> key, String salt, Optional<KeyStoreSettings> keyStore, boolean decrypt) {
    /** Spring Cloud Config's default salt, so that values encrypted with only a key agree. */
    public static final String DEFAULT_SALT = "deadbeef";

    /** No key: {@code {cipher}} values are reported as invalid, and the encryption endpoints refuse. */
    public static final EncryptionSettings NONE =
            new EncryptionSettings(Optional.empty(), DEFAULT_SALT, Optional.empty(), true);

    /** Checks the values. */
    public EncryptionSettings {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(salt, "salt");
        key = key.filter(value -> !value.isBlank());
    }

    /**
     * An RSA key pair in a keystore file.
     *
     * @param location the keystore file
     * @param password the keystore's password
     * @param alias the alias of the default key pair
     * @param secret the password of the key pair (defaults to the keystore's)
     * @param type the keystore type ({@code PKCS12}, {@code JKS}); empty to let the JDK tell from the file
     */
    public record KeyStoreSettings(
            Path location, String password, String alias, Optional<String> secret, Optional<String> type) {
        /** Checks the values. */
        public KeyStoreSettings {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(type, "type");
        }

        /** The password of the key pair: its own secret when set, else the keystore's password. */
        String keySecret() {
            return secret.orElse(password);
        }
    }
}
