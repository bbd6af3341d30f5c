package dev.vortex.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** What a {@link VortexClient.Builder} collected. */
record ClientSettings(
        URI url,
        ConfigKey key,
        Credentials credentials,
        Map<String, String> headers,
        Shape shape,
        Backoff backoff,
        Duration heartbeatTimeout,
        CacheFile cacheFile,
        Duration connectTimeout,
        Clock clock,
        Consumer<String> rawMessageListener,
        HttpClient httpClient) {

    /**
     * The WebSocket URL of {@code key}: the base URL's scheme made {@code ws}/{@code wss}, its path kept as
     * a prefix, then {@code /ws/app/profile[/label]}, with {@code last_version} when resuming.
     */
    URI webSocketUri(ConfigKey key, String lastVersion) {
        String scheme =
                switch (url.getScheme().toLowerCase(java.util.Locale.ROOT)) {
                    case "https", "wss" -> "wss";
                    default -> "ws";
                };
        String prefix = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        StringBuilder path = new StringBuilder(prefix)
                .append("/ws/")
                .append(segment(key.application()))
                .append('/')
                .append(segment(key.profile()));
        if (key.label() != null) {
            // As Spring Cloud Config clients do: a slash in a label travels as "(_)".
            path.append('/').append(segment(key.label().replace("/", "(_)")));
        }
        StringBuilder query = new StringBuilder();
        if (shape == Shape.FLAT) {
            query.append("shape=flat");
        }
        if (lastVersion != null) {
            query.append(query.length() == 0 ? "" : "&").append("last_version=").append(encode(lastVersion));
        }
        String authority = url.getRawAuthority();
        return URI.create(scheme + "://" + authority + path + (query.length() == 0 ? "" : "?" + query));
    }

    /** A path segment, percent-encoded; commas (profile lists) and parentheses stay as they are. */
    private static String segment(String text) {
        return encode(text).replace("%2C", ",").replace("%28", "(").replace("%29", ")");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
