package dev.vortex.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How the client authenticates: sent as an HTTP header of the WebSocket upgrade. {@link #toString()} never
 * shows the secret.
 */
public final class Credentials {
    private static final Credentials NONE = new Credentials("none", null, null);

    private final String kind;
    private final String header;
    private final String value;

    private Credentials(String kind, String header, String value) {
        this.kind = kind;
        this.header = header;
        this.value = value;
    }

    /** {@code Authorization: Bearer <token>} (a JWT). */
    public static Credentials bearer(String token) {
        return new Credentials("bearer", "Authorization", "Bearer " + requireText(token, "bearer token"));
    }

    /** {@code X-API-Key: <key>}. */
    public static Credentials apiKey(String key) {
        return new Credentials("api key", "X-API-Key", requireText(key, "API key"));
    }

    /** HTTP Basic. */
    public static Credentials basic(String user, String password) {
        requireText(user, "user");
        Objects.requireNonNull(password, "password");
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Credentials("basic", "Authorization", "Basic " + encoded);
    }

    /** No credentials. */
    public static Credentials none() {
        return NONE;
    }

    /** The header to send, empty for none. */
    Map<String, String> headers() {
        return header == null ? Map.of() : Map.of(header, value);
    }

    @Override
    public String toString() {
        return "Credentials[" + kind + "]";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
