package dev.vortex.server.security;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may open a WebSocket to this server, against cross-site WebSocket hijacking: a browser
 * sends cookies and Basic credentials with an upgrade that any page can start, and names that page in
 * {@code Origin}. Requests without {@code Origin} come from non-browser clients and pass.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean sameOriginByDefault;

    /**
     * @param allowed the allowed origins ({@code https://app.example.com}); empty for the default
     * @param sameOriginByDefault with no list, whether only same-origin pages may connect (when credentials are
     *     required) rather than any
     */
    public OriginPolicy(List<String> allowed, boolean sameOriginByDefault) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
        this.sameOriginByDefault = sameOriginByDefault;
    }

    /** The policy of {@code settings}. */
    public static OriginPolicy of(SecuritySettings settings) {
        return new OriginPolicy(settings.allowedOrigins(), settings.enabled());
    }

    /** Whether an upgrade from {@code request}'s {@code Origin} may proceed. */
    public boolean allows(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (!allowed.isEmpty()) {
            return allowed.contains(normalized) || allowed.contains("*");
        }
        if (!sameOriginByDefault) {
            return true;
        }
        return sameOrigin(request);
    }

    /** Whether {@code request}'s {@code Origin} names the host it is sent to (false without {@code Origin}). */
    public static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI uri = URI.create(normalize(origin));
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
