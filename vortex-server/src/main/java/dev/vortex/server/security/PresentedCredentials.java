package dev.vortex.server.security;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The credentials a request presents, in the one place that knows where they may come from: {@code X-API-Key},
 * {@code Authorization: Basic} or {@code Bearer}, and, on a WebSocket upgrade only (browsers cannot set
 * headers there), the {@code token} query parameter and the subprotocol {@code bearer.<token>}.
 *
 * @param scheme how they came
 * @param name the user name (Basic), or {@code null}
 * @param secret the key, password or token
 */
record PresentedCredentials(Scheme scheme, String name, String secret) {
    /** How credentials came. */
    enum Scheme {
        /** {@code X-API-Key}. */
        API_KEY,
        /** {@code Authorization: Basic}. */
        BASIC,
        /** {@code Authorization: Bearer} or the subprotocol {@code bearer.<token>}. */
        BEARER,
        /** {@code ?token=}: an API key or a JWT, whichever it looks like. */
        TOKEN
    }

    private static final String SUBPROTOCOL_PREFIX = "bearer.";

    @Override
    public String toString() {
        // Never the secret: records end up in logs and exception messages.
        return "PresentedCredentials[" + scheme + (name == null ? "" : ", " + name) + "]";
    }

    /**
     * Reads the credentials of {@code request}.
     *
     * @return the credentials, or {@code null} when it presents none
     * @throws AuthenticationException when a header is malformed
     */
    static PresentedCredentials of(HttpServerRequest request) {
        String apiKey = request.getHeader("X-API-Key");
        if (apiKey != null) {
            return new PresentedCredentials(Scheme.API_KEY, null, apiKey.trim());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return fromAuthorization(authorization.trim());
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return null;
        }
        String token = request.getParam("token");
        if (token != null) {
            return new PresentedCredentials(Scheme.TOKEN, null, token);
        }
        String subprotocols = request.getHeader("Sec-WebSocket-Protocol");
        if (subprotocols != null) {
            for (String offered : subprotocols.split(",")) {
                String trimmed = offered.trim();
                if (trimmed.startsWith(SUBPROTOCOL_PREFIX)) {
                    return new PresentedCredentials(
                            Scheme.BEARER, null, trimmed.substring(SUBPROTOCOL_PREFIX.length()));
                }
            }
        }
        return null;
    }

    private static PresentedCredentials fromAuthorization(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer":
                if (value.isEmpty()) {
                    throw new AuthenticationException("empty bearer token");
                }
                return new PresentedCredentials(Scheme.BEARER, null, value);
            case "basic":
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new AuthenticationException("malformed Basic credentials: not Base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new AuthenticationException("malformed Basic credentials: no ':' between user and password");
                }
                return new PresentedCredentials(
                        Scheme.BASIC, decoded.substring(0, colon), decoded.substring(colon + 1));
            default:
                throw new AuthenticationException(
                        "unsupported Authorization scheme '" + scheme + "'; use Basic or Bearer");
        }
    }
}
