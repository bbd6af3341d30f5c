package dev.vortex.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A settings file that turns security on for a {@link VortexProcess} ({@code --config}), with one principal of
 * each scheme, all reading {@code orders:*:*}: an API key, the Basic user {@code alice}, and JWTs signed here with
 * an HS256 secret (with the JDK's {@link Mac}: Spring's clients must not see the server's JOSE library). Shared with
 * vortex-spring-boot-starter-tests.
 */
public final class SecuredVortex {
    public static final String API_KEY = "compat-api-key-0123456789abcdef";
    public static final String USER = "alice";
    public static final String PASSWORD = "wonderland";
    /** {@code BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4))} (spring-security-crypto): the file holds only hashes. */
    private static final String PASSWORD_HASH = "$2a$04$fQaKjBtN6uhsymheEw6uXeKx6RzAVg8hRklDkVFEDvvE4pixEgbTG";

    private static final String HS256_SECRET = "compat-hs256-secret-of-at-least-32-bytes";
    /** The secret after {@link #rotateJwtSecret(Path)}: every JWT signed with the first one is revoked. */
    private static final String ROTATED_HS256_SECRET = "compat-rotated-hs256-secret-of-32-bytes";

    private static final String SETTINGS_FILE = "vortex-secured.yml";
    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "vortex";

    private SecuredVortex() {}

    /** Writes the settings file into {@code dir} and returns the arguments that make a server read it. */
    public static List<String> serveArgs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(SETTINGS_FILE);
        Files.writeString(file, settings(HS256_SECRET));
        return List.of("--config", file.toString());
    }

    /**
     * Rewrites the settings file of {@link #serveArgs(Path)} in {@code dir} with another HS256 secret, as an operator
     * rotating the signing key would: the server reloads it (it polls the file every 5 s) and closes the connections
     * of every JWT signed with the first secret; {@link #rotatedJwt} makes the tokens it accepts from then on.
     */
    public static void rotateJwtSecret(Path dir) throws IOException {
        Path next = dir.resolve(SETTINGS_FILE + ".next");
        Files.writeString(next, settings(ROTATED_HS256_SECRET));
        // At once, as a config map update: the server never reads a half-written file.
        Files.move(
                next, dir.resolve(SETTINGS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String settings(String hs256Secret) {
        return """
                security:
                  api-keys:
                    - name: ci
                      key: "%s"
                      read: ["orders:*:*"]
                  users:
                    - name: %s
                      password-hash: "%s"
                      read: ["orders:*:*"]
                  jwt:
                    hs256-secret: "%s"
                    issuer: %s
                    audience: %s
                    clock-skew-seconds: 0
                """.formatted(API_KEY, USER, PASSWORD_HASH, hs256Secret, ISSUER, AUDIENCE);
    }

    /** A JWT the server accepts, for {@code subject}, reading {@code read}, valid for {@code lifetime}. */
    public static String jwt(String subject, List<String> read, Duration lifetime) {
        return jwt(subject, read, lifetime, HS256_SECRET);
    }

    /** As {@link #jwt}, signed with the secret in force after {@link #rotateJwtSecret(Path)}. */
    public static String rotatedJwt(String subject, List<String> read, Duration lifetime) {
        return jwt(subject, read, lifetime, ROTATED_HS256_SECRET);
    }

    private static String jwt(String subject, List<String> read, Duration lifetime, String secret) {
        Instant now = Instant.now();
        String claims = "{\"sub\":\"" + subject + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond() + ",\"vortex_read\":["
                + read.stream().map(pattern -> "\"" + pattern + "\"").collect(Collectors.joining(",")) + "]}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
