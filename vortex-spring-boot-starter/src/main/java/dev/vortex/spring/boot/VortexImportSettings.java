package dev.vortex.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.StringUtils;

/**
 * Everything one {@code vortex:} import needs to connect, read from the properties a {@code configserver:} user already
 * sets ({@code spring.application.name}, active profiles, {@code spring.cloud.config.*}) plus {@code vortex.*}.
 *
 * <p>Two imports with equal settings share one connection (see {@link VortexConnections}). {@link #toString()} never
 * shows credentials.
 */
record VortexImportSettings(
        List<URI> urls,
        String application,
        String profiles,
        String label,
        boolean failFast,
        String username,
        String password,
        String token,
        Path tokenFile,
        String apiKey,
        Map<String, String> headers,
        Path cacheFile,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        Duration heartbeatTimeout,
        Duration connectTimeout,
        Duration startTimeout) {

    static final String PREFIX = "vortex:";

    /**
     * Reads the settings of the import {@code location} ({@code vortex:URL[;URL...]}, without {@code optional:}).
     *
     * @throws VortexConfigDataException naming the bad value when a URL is not an absolute http(s) URL, or when both
     *     {@code vortex.token} and {@code vortex.token-file} are set
     */
    static VortexImportSettings of(String location, Binder binder, Profiles profiles) {
        String token = binder.bind("vortex.token", String.class).orElse(null);
        Path tokenFile = binder.bind("vortex.token-file", Path.class).orElse(null);
        if (token != null && tokenFile != null) {
            throw new VortexConfigDataException(
                    "both vortex.token and vortex.token-file (" + tokenFile + ") are set for spring.config.import '"
                            + location + "': set one, the token or the file it is read from",
                    null);
        }
        return new VortexImportSettings(
                urls(location, binder),
                binder.bind("spring.cloud.config.name", String.class)
                        .orElseGet(() -> binder.bind("spring.application.name", String.class)
                                .orElse("application")),
                binder.bind("spring.cloud.config.profile", String.class).orElseGet(() -> profiles(profiles)),
                label(binder),
                binder.bind("spring.cloud.config.fail-fast", Boolean.class).orElse(false),
                binder.bind("spring.cloud.config.username", String.class).orElse(null),
                binder.bind("spring.cloud.config.password", String.class).orElse(null),
                token,
                tokenFile,
                binder.bind("vortex.api-key", String.class).orElse(null),
                Map.copyOf(binder.bind("spring.cloud.config.headers", Bindable.mapOf(String.class, String.class))
                        .orElse(Map.of())),
                binder.bind("vortex.cache-file", Path.class).orElse(null),
                binder.bind("vortex.reconnect.initial-delay", Duration.class).orElse(Duration.ofMillis(500)),
                binder.bind("vortex.reconnect.max-delay", Duration.class).orElse(Duration.ofSeconds(30)),
                binder.bind("vortex.heartbeat-timeout", Duration.class).orElse(Duration.ofSeconds(45)),
                binder.bind("vortex.connect-timeout", Duration.class).orElse(Duration.ofSeconds(5)),
                binder.bind("vortex.start-timeout", Duration.class).orElse(Duration.ofSeconds(15)));
    }

    private static String label(Binder binder) {
        String label = binder.bind("spring.cloud.config.label", String.class).orElse(null);
        return StringUtils.hasText(label) ? label : null;
    }

    /** Spring Cloud Config's rule: the accepted profiles (the active ones, else the default ones), comma-separated. */
    private static String profiles(Profiles profiles) {
        String accepted = profiles == null ? "" : String.join(",", profiles.getAccepted());
        return accepted.isEmpty() ? "default" : accepted;
    }

    /**
     * The URLs of {@code vortex:URL[;URL...]} (Boot splits {@code spring.config.import} at commas, so several URLs are
     * separated by semicolons), or, for a bare {@code vortex:}, those of {@code spring.cloud.config.uri} (a comma list,
     * as for {@code configserver:}).
     */
    private static List<URI> urls(String location, Binder binder) {
        String value = location.substring(PREFIX.length()).trim();
        String[] parts = value.isEmpty()
                ? binder.bind("spring.cloud.config.uri", String[].class).orElse(new String[0])
                : value.split(";");
        List<URI> urls = new ArrayList<>();
        for (String part : parts) {
            urls.add(url(location, part.trim()));
        }
        if (urls.isEmpty()) {
            throw new VortexConfigDataException(
                    "no Vortex URL in spring.config.import '" + location
                            + "': expected vortex:http(s)://host:port, or spring.cloud.config.uri",
                    null);
        }
        return List.copyOf(urls);
    }

    private static URI url(String location, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid(location, text, e);
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw invalid(location, text, null);
        }
        return uri;
    }

    private static VortexConfigDataException invalid(String location, String text, Throwable cause) {
        return new VortexConfigDataException(
                "invalid Vortex URL '" + text + "' in spring.config.import '" + location
                        + "': expected vortex:http(s)://host:port[;http(s)://host:port...]",
                cause);
    }

    /** The key this import reads, {@code application:profiles:label}, for logs and health. */
    String key() {
        return application + ":" + profiles + ":" + (label == null ? "" : label);
    }

    /** What logs say about this import: URLs and key, never credentials. */
    String describe() {
        return PREFIX + String.join(";", urls.stream().map(URI::toString).toList()) + " (" + key() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
