package dev.vortex.server.security;

import java.util.Map;

/**
 * The state of the JWK set URL's keys for {@code /actuator/health}.
 *
 * @param status {@code UP} after a successful fetch, {@code DOWN} after a failed one, {@code UNKNOWN} before the
 *     first has finished
 * @param details the URL, and the problem of a failed fetch
 */
public record JwkSetHealth(String status, Map<String, Object> details) {
    /** Copies {@code details}. */
    public JwkSetHealth {
        details = Map.copyOf(details);
    }
}
