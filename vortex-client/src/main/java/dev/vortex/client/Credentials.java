package dev.vortex.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the client authenticates: sent as an HTTP header of the WebSocket upgrade. A bearer token may come from
 * a {@link Supplier} ({@link #bearer(Supplier)}): it is then asked again at each connection and before the
 * token in use expires (see {@link VortexClient.Builder#bearerToken(Supplier)}). {@link #toString()} never
 * shows the secret.
 */
public final class Credentials {
    private static final Credentials NONE = new Credentials("none", null, "", () -> null, false);

    private final String kind;
    private final String header;
    private final String prefix;
    private final Supplier<String> secret;
    private final boolean renewable;

    private Credentials(String kind, String header, String prefix, Supplier<String> secret, boolean renewable) {
        this.kind = kind;
        this.header = header;
        this.prefix = prefix;
        this.secret = secret;
        this.renewable = renewable;
    }

    /** {@code Authorization: Bearer <token>} (a JWT), the same token on every connection. */
    public static Credentials bearer(String token) {
        String checked = requireText(token, "bearer token");
        return new Credentials("bearer", "Authorization", "Bearer ", () -> checked, false);
    }

    /**
     * {@code Authorization: Bearer <token>} with a token asked of {@code tokens} for each connection and, when
     * the token is a JWT with an {@code exp}, again before it expires (sent to the open connection in an
     * {@code auth} message). {@code tokens} runs on the client's scheduler thread (and on the thread of
     * {@link VortexClient#start()} for the first connection): it should answer promptly, from a cache of its
     * own if fetching a token is slow. An exception or an empty token counts as a failed connection attempt
     * (retried with backoff), or, for a refresh, is retried before the token in use expires. A
     * {@link VortexClientException} from {@code tokens} says that no token can be had: at a connection it is final,
     * as a refused upgrade is (the client stops, {@link ConnectionState#FAILED}, its failure naming the cause). When
     * the server revokes the token in use (close 1008), the client reconnects once with what {@code tokens} gives
     * then.
     */
    public static Credentials bearer(Supplier<String> tokens) {
        Objects.requireNonNull(tokens, "token supplier");
        return new Credentials("bearer (renewed)", "Authorization", "Bearer ", tokens, true);
    }

    /** {@code X-API-Key: <key>}. */
    public static Credentials apiKey(String key) {
        String checked = requireText(key, "API key");
        return new Credentials("api key", "X-API-Key", "", () -> checked, false);
    }

    /** HTTP Basic. */
    public static Credentials basic(String user, String password) {
        requireText(user, "user");
        Objects.requireNonNull(password, "password");
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Credentials("basic", "Authorization", "Basic ", () -> encoded, false);
    }

    /** No credentials. */
    public static Credentials none() {
        return NONE;
    }

    /** Whether the secret comes from a supplier that can give a fresh one (a renewed bearer token). */
    boolean renewable() {
        return renewable;
    }

    /** Whether these are bearer tokens (whose JWT {@code exp} the client watches). */
    boolean bearer() {
        return "Bearer ".equals(prefix);
    }

    /**
     * The secret now: the token or key, asked of the supplier for renewed tokens; {@code null} for none.
     *
     * @throws IllegalStateException naming the kind when the supplier fails or gives an empty token
     * @throws VortexClientException when the supplier says no token can be had
     */
    String secret() {
        if (header == null) {
            return null;
        }
        String value;
        try {
            value = secret.get();
        } catch (VortexClientException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + kind + " token supplier failed: " + e, e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the " + kind + " token supplier gave no token");
        }
        return value;
    }

    /** The header carrying {@code secret} (from {@link #secret()}), empty for none. */
    Map<String, String> headers(String secret) {
        return header == null ? Map.of() : Map.of(header, prefix + secret);
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
