package dev.vortex.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String ISSUER = "https://login.example.test";
    private static final String AUDIENCE = "vortex";

    private SecuredVortex() {}

    /** Writes the settings file into {@code dir} and returns the arguments that make a server read it. */
    public static List<String> serveArgs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("vortex-secured.yml");
        Files.writeString(file, """
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
                """.formatted(API_KEY, USER, PASSWORD_HASH, HS256_SECRET, ISSUER, AUDIENCE));
        return List.of("--config", file.toString());
    }

    /** A JWT the server accepts, for {@code subject}, reading {@code read}, valid for {@code lifetime}. */
    public static String jwt(String subject, List<String> read, Duration lifetime) {
        Instant now = Instant.now();
        String claims = "{\"sub\":\"" + subject + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond() + ",\"vortex_read\":["
                + read.stream().map(pattern -> "\"" + pattern + "\"").collect(Collectors.joining(",")) + "]}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HS256_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
