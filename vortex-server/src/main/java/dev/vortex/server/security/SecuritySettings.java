package dev.vortex.server.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may connect and what each may read: the {@code security} section of the settings file (see
 * {@link SecuritySettingsReader}). With no scheme configured, the server is open (and binds the loopback
 * interface unless told otherwise).
 *
 * @param apiKeys the API keys ({@code X-API-Key}, or {@code ?token=} on a WebSocket URL)
 * @param users the HTTP Basic users
 * @param jwt how bearer tokens are verified, or {@code null} when they are not accepted
 * @param healthOpen whether {@code GET /actuator/health} answers without credentials
 * @param allowedOrigins the {@code Origin}s a WebSocket upgrade may come from; empty: same-origin (or no
 *     {@code Origin} at all, as non-browser clients send) when a scheme is configured, any otherwise
 * @param webhooks the secrets push webhooks on {@code POST /monitor} may be signed with
 * @param cors which other origins' pages may call the HTTP API
 * @param failureDelay how repeated authentication failures from one address are slowed down
 */
public record SecuritySettings(
        List<ApiKey> apiKeys,
        List<User> users,
        JwtSettings jwt,
        boolean healthOpen,
        List<String> allowedOrigins,
        WebhookSecrets webhooks,
        CorsSettings cors,
        FailureDelaySettings failureDelay) {
    /** No scheme: everyone may read everything. */
    public static final SecuritySettings NONE = new SecuritySettings(List.of(), List.of(), null, true, List.of());

    /** Settings without webhook secrets and CORS, and the default failure delay. */
    public SecuritySettings(
            List<ApiKey> apiKeys, List<User> users, JwtSettings jwt, boolean healthOpen, List<String> allowedOrigins) {
        this(
                apiKeys,
                users,
                jwt,
                healthOpen,
                allowedOrigins,
                WebhookSecrets.NONE,
                CorsSettings.NONE,
                FailureDelaySettings.DEFAULT);
    }

    /** Copies the lists. */
    public SecuritySettings {
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(failureDelay, "failureDelay");
        apiKeys = List.copyOf(apiKeys);
        users = List.copyOf(users);
        allowedOrigins = List.copyOf(allowedOrigins);
        List<String> names = new ArrayList<>();
        apiKeys.forEach(key -> names.add(key.name()));
        users.forEach(user -> names.add(user.name()));
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("security: API key and user names must be unique: " + names);
        }
    }

    /**
     * Whether any scheme is configured, so that every request needs credentials. (Webhook secrets are no
     * scheme: they only let signed pushes through {@code POST /monitor}.)
     */
    public boolean enabled() {
        return !apiKeys.isEmpty() || !users.isEmpty() || jwt != null;
    }

    /**
     * An API key.
     *
     * @param name who uses it (logged; never the key)
     * @param key the secret the client presents
     * @param grants what it may read and do
     */
    public record ApiKey(String name, String key, Grants grants) {
        /** Checks the parts. */
        public ApiKey {
            requireName(name, "API key");
            if (key == null || key.length() < 16) {
                throw new IllegalArgumentException(
                        "security: the key of API key '" + name + "' must have at least 16 characters");
            }
            Objects.requireNonNull(grants, "grants");
        }

        @Override
        public String toString() {
            return "ApiKey[" + name + "]";
        }
    }

    /**
     * An HTTP Basic user.
     *
     * @param name the user name
     * @param passwordHash the bcrypt hash of the password ({@code bin/vortex hash-password} makes one)
     * @param grants what the user may read and do
     */
    public record User(String name, String passwordHash, Grants grants) {
        /** Checks the parts. */
        public User {
            requireName(name, "user");
            if (passwordHash == null || !passwordHash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("security: the password-hash of user '" + name
                        + "' is not a bcrypt hash (make one with 'vortex hash-password')");
            }
            Objects.requireNonNull(grants, "grants");
        }
    }

    /**
     * How bearer tokens (JWS) are verified. At least one key source must be given.
     *
     * @param hs256Secret the shared HMAC secret (at least 32 bytes), or {@code null}
     * @param publicKeys PEM files of RSA (RS256) or EC P-256 (ES256) public keys
     * @param jwksFile a JWK set file, or {@code null}
     * @param issuer the required {@code iss}, or {@code null} for any
     * @param audience the required {@code aud}, or {@code null} for any
     * @param clockSkew how far {@code exp} and {@code nbf} may be off
     * @param jwksUrl the URL of the issuer's JWK set ({@code https://}; {@code http://} only on a loopback
     *     address), fetched and cached, or {@code null}
     */
    public record JwtSettings(
            String hs256Secret,
            List<Path> publicKeys,
            Path jwksFile,
            String issuer,
            String audience,
            Duration clockSkew,
            URI jwksUrl) {
        /** Checks the parts. */
        public JwtSettings {
            publicKeys = List.copyOf(publicKeys);
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (hs256Secret == null && publicKeys.isEmpty() && jwksFile == null && jwksUrl == null) {
                throw new IllegalArgumentException(
                        "security.jwt needs hs256-secret, public-keys, jwks-file or jwks-url to verify tokens with");
            }
            if (hs256Secret != null && hs256Secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("security.jwt.hs256-secret must have at least 32 bytes");
            }
            if (jwksUrl != null) {
                requireFetchable(jwksUrl);
            }
        }

        /** Settings without a JWK set URL. */
        public JwtSettings(
                String hs256Secret,
                List<Path> publicKeys,
                Path jwksFile,
                String issuer,
                String audience,
                Duration clockSkew) {
            this(hs256Secret, publicKeys, jwksFile, issuer, audience, clockSkew, null);
        }

        /**
         * An {@code https} URL, or {@code http} to a loopback address (a sidecar, a test): keys fetched in clear
         * text from elsewhere could be swapped on the way.
         */
        private static void requireFetchable(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            String host = url.getHost();
            if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException(
                        "security.jwt.jwks-url must be an https:// URL with a host, not '" + url + "'");
            }
            if (scheme.equals("http") && !isLoopback(host)) {
                throw new IllegalArgumentException("security.jwt.jwks-url '" + url
                        + "': http:// is allowed for loopback addresses only (localhost, 127.0.0.1, [::1]); use"
                        + " https://");
            }
        }

        private static boolean isLoopback(String host) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
        }

        @Override
        public String toString() {
            return "JwtSettings[publicKeys=" + publicKeys + ", jwksFile=" + jwksFile + ", jwksUrl=" + jwksUrl
                    + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + "]";
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("security: every " + what + " needs a name");
        }
    }
}
