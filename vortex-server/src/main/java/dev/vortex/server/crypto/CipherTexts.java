package dev.vortex.server.crypto;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.springframework.security.crypto.encrypt.TextEncryptor;

/**
 * What {@code POST /encrypt}, {@code POST /decrypt} and {@code GET /key} do, as Spring Cloud Config's {@code
 * EncryptionController} does it: a {@code {key:...}}/{@code {secret:...}} prefix picks the key and is kept
 * in front of the ciphertext; a body sent as a form ({@code curl -d}) is unwrapped the way Spring unwraps
 * it.
 *
 * <p>Thread-safe.
 */
public final class CipherTexts {
    private final KeyRing keys;

    /** Encrypts and decrypts with {@code keys}. */
    public CipherTexts(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Encrypts a request body.
     *
     * @param body the body, optionally with a {@code {key:alias}} prefix
     * @param contentType the request's content type (a form body is unwrapped)
     * @return the ciphertext, with the body's prefix in front
     * @throws EncryptionException with {@link EncryptionException.Reason#NO_KEY} when no key is configured
     */
    public String encrypt(String body, String contentType) {
        String input = unwrapForm(body, contentType, false);
        CipherPrefix prefix = CipherPrefix.parse(input);
        TextEncryptor encryptor = encryptor(prefix);
        return prefix.prefix(encryptor.encrypt(prefix.rest()));
    }

    /**
     * Decrypts a request body.
     *
     * @param body the ciphertext, optionally with its prefix
     * @param contentType the request's content type (a form body is unwrapped)
     * @return the plain text
     * @throws EncryptionException with {@code NO_KEY}, or {@code INVALID} when the body is not a ciphertext
     *     of the key
     */
    public String decrypt(String body, String contentType) {
        CipherPrefix prefix = CipherPrefix.parse(body);
        TextEncryptor encryptor = encryptor(prefix);
        try {
            return encryptor.decrypt(unwrapForm(prefix.rest(), contentType, true));
        } catch (RuntimeException e) {
            throw new EncryptionException(EncryptionException.Reason.INVALID);
        }
    }

    /**
     * The public key of an RSA key ({@code ssh-rsa ...}).
     *
     * @throws EncryptionException with {@code NO_PUBLIC_KEY} for a symmetric key or none (as Spring Cloud
     *     Config answers both)
     */
    public String publicKey() {
        return keys.publicKey(java.util.Map.of())
                .orElseThrow(() -> new EncryptionException(EncryptionException.Reason.NO_PUBLIC_KEY));
    }

    /**
     * Checks that a key is configured.
     *
     * @throws EncryptionException with {@code NO_KEY} when none is
     */
    public void requireKey() {
        if (!keys.installed()) {
            throw new EncryptionException(EncryptionException.Reason.NO_KEY);
        }
    }

    private TextEncryptor encryptor(CipherPrefix prefix) {
        try {
            return keys.locate(prefix.pairs())
                    .orElseThrow(() -> new EncryptionException(EncryptionException.Reason.NO_KEY));
        } catch (IllegalArgumentException e) {
            // A prefix naming a key pair the keystore does not hold.
            throw new EncryptionException(EncryptionException.Reason.INVALID);
        }
    }

    /**
     * A body posted as a form ({@code curl -d secret} sends {@code secret=}) loses its trailing {@code =}
     * and its URL encoding, as in Spring Cloud Config; for a ciphertext the {@code =} is kept when it is
     * base64 padding.
     */
    private static String unwrapForm(String data, String contentType, boolean cipher) {
        if (!data.endsWith("=") || "text/plain".equalsIgnoreCase(contentType)) {
            return data;
        }
        String decoded = URLDecoder.decode(data, StandardCharsets.UTF_8);
        if (!cipher) {
            return decoded.substring(0, decoded.length() - 1);
        }
        decoded = decoded.replace(" ", "+");
        String candidate = decoded.substring(0, decoded.length() - 1);
        if (decoded.endsWith("=") && decoded.length() % 2 == 1) {
            if (isHex(candidate) || isBase64(candidate)) {
                return candidate;
            }
        }
        return decoded;
    }

    private static boolean isHex(String text) {
        try {
            HexFormat.of().parseHex(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
