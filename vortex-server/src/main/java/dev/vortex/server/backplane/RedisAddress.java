package dev.vortex.server.backplane;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A checked {@code redis://[user:password@]host[:port][/db]} or {@code rediss://} (TLS) address.
 *
 * @param uri the address as given, for the client
 * @param display the address without its password, for logs and health
 */
public record RedisAddress(String uri, String display) {

    /**
     * Checks {@code value}.
     *
     * @throws IllegalArgumentException naming the value (without its password) and what is wrong with it
     */
    public static RedisAddress parse(String value) {
        URI parsed;
        try {
            parsed = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(withoutPassword(value), "not a URI (" + e.getReason() + ")");
        }
        String display = withoutPassword(value);
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid(display, "the scheme must be redis:// or rediss://");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw invalid(display, "no host");
        }
        if (parsed.getPort() == 0 || parsed.getPort() > 65535) {
            throw invalid(display, "the port must be between 1 and 65535");
        }
        String path = parsed.getPath();
        if (path != null
                && !path.isEmpty()
                && !path.equals("/")
                && !path.substring(1).matches("\\d{1,5}")) {
            throw invalid(display, "the path must be a database number, as in /0");
        }
        if (parsed.getQuery() != null || parsed.getFragment() != null) {
            throw invalid(display, "no query or fragment is allowed");
        }
        return new RedisAddress(value, display);
    }

    @Override
    public String toString() {
        return display;
    }

    private static String withoutPassword(String value) {
        return value.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*:)[^@]*@", "$1***@");
    }

    private static IllegalArgumentException invalid(String display, String why) {
        return new IllegalArgumentException("invalid backplane address " + display + ": " + why
                + " (expected redis://[user:password@]host:port[/db], rediss://..., or local)");
    }
}
