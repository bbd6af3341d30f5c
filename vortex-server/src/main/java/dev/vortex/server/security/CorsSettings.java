package dev.vortex.server.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which other web origins' pages may call the HTTP API from a browser ({@code security.cors}): off unless
 * {@code allowed-origins} lists some. Same-origin pages and non-browser clients (no {@code Origin}) never need
 * it, and WebSocket upgrades are judged by {@link SecuritySettings#allowedOrigins()} instead.
 *
 * @param allowedOrigins {@code https://app.example.com} (scheme, host and port, no path) or {@code *}
 * @param allowedMethods the methods a preflight may allow
 * @param allowedHeaders the request headers a preflight may allow
 * @param exposedHeaders the response headers scripts may read besides the CORS-safelisted ones
 * @param allowCredentials whether the browser may send cookies and {@code Authorization} along (never with
 *     {@code *})
 * @param maxAge how long a browser may cache a preflight's answer
 */
public record CorsSettings(
        List<String> allowedOrigins,
        List<String> allowedMethods,
        List<String> allowedHeaders,
        List<String> exposedHeaders,
        boolean allowCredentials,
        Duration maxAge) {
    // Before NONE, whose construction uses them.
    private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** The methods allowed by default: every method of the API. */
    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "DELETE");

    /** The request headers allowed by default: those the API reads. */
    public static final List<String> DEFAULT_HEADERS = List.of("Authorization", "X-API-Key", "Content-Type", "Accept");

    /** How long a preflight is cached by default. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    /** CORS off: no origin but the server's own. */
    public static final CorsSettings NONE =
            new CorsSettings(List.of(), DEFAULT_METHODS, DEFAULT_HEADERS, List.of(), false, DEFAULT_MAX_AGE);

    /**
     * Copies the lists and checks them.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = allowedMethods.stream()
                .map(method -> method.toUpperCase(Locale.ROOT))
                .toList();
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
        Objects.requireNonNull(maxAge, "maxAge");
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !isOrigin(origin)) {
                throw new IllegalArgumentException("security.cors.allowed-origins: '" + origin
                        + "' is not an origin; expected scheme://host[:port] such as https://app.example.com, or *");
            }
        }
        for (String method : allowedMethods) {
            if (!DEFAULT_METHODS.contains(method) && !method.equals("OPTIONS")) {
                throw new IllegalArgumentException("security.cors.allowed-methods: '" + method
                        + "' is not a method of this API; known: GET, HEAD, POST, DELETE, OPTIONS");
            }
        }
        for (String header : allowedHeaders) {
            requireToken(header, "allowed-headers");
        }
        for (String header : exposedHeaders) {
            requireToken(header, "exposed-headers");
        }
        if (allowCredentials && allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("security.cors.allow-credentials cannot be true with allowed-origins"
                    + " '*': any web page could then read answers with its visitor's credentials");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("security.cors.max-age-seconds must be >= 0, not " + maxAge.toSeconds());
        }
    }

    /** Whether {@code origin} has the shape of a web origin: {@code scheme://host[:port]}, no path. */
    public static boolean isOrigin(String origin) {
        return ORIGIN.matcher(origin).matches();
    }

    /** Whether any other origin may call the API, so that CORS is answered at all. */
    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    private static void requireToken(String header, String setting) {
        if (!TOKEN.matcher(header).matches()) {
            throw new IllegalArgumentException("security.cors." + setting + ": '" + header + "' is not a header name");
        }
    }
}
