package dev.vortex.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One version of the config of one key. Immutable; the maps are unmodifiable.
 *
 * <p>Names in the getters are flat dotted names as Spring writes them ({@code orders.max-items},
 * {@code orders.currencies[0]}). The typed getters convert strings ({@code "500"} is an int) and throw
 * {@link IllegalArgumentException} naming the property and the value when a value cannot be converted;
 * they answer empty when the property is absent or {@code null}.
 */
public interface VortexConfig {
    /** The key this config belongs to. */
    ConfigKey key();

    /** The server's version (a content hash). */
    String version();

    /** The config as nested maps ({@code Map<String,Object>}, {@code List<Object>}, strings, numbers, booleans). */
    Map<String, Object> nested();

    /** The config as flat dotted names, {@code [i]} for list items, in the order of the nested config. */
    Map<String, Object> flat();

    /** A property as text. */
    Optional<String> getString(String name);

    /** A property as an int. */
    Optional<Integer> getInt(String name);

    /** A property as a long. */
    Optional<Long> getLong(String name);

    /** A property as a boolean ({@code true}/{@code false}, any case). */
    Optional<Boolean> getBoolean(String name);

    /** A property as a double. */
    Optional<Double> getDouble(String name);

    /**
     * A property as a duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601
     * ({@code PT30S}), or a plain number of milliseconds (as Spring Boot reads them).
     */
    Optional<Duration> getDuration(String name);

    /**
     * A property, or a whole subtree ({@code get("orders", OrdersSettings.class)}), converted to
     * {@code type} with Jackson.
     */
    <T> Optional<T> get(String name, Class<T> type);

    /** Whether this config came from the local cache file rather than the server. */
    boolean fromCache();
}
