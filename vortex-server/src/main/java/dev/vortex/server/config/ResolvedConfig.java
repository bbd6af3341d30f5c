package dev.vortex.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.Environment;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.core.shape.ConfigVersion;
import io.vertx.core.buffer.Buffer;
import java.util.Collections;
import java.util.Map;

/**
 * A resolved config as the cache holds it, with everything both APIs need computed once on the resolver
 * thread: the environment and its Environment JSON (for HTTP), the merged properties, the nested and flat
 * shapes and the content-hash version (for WebSocket clients).
 *
 * <p>Immutable, so it is shared freely between threads. The JSON trees must not be modified.
 */
public final class ResolvedConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigKey key;
    private final Environment environment;
    private final Map<String, Object> merged;
    private final Map<String, Object> rendered;
    private final Buffer environmentJson;
    private final ObjectNode nested;
    private final ObjectNode flat;
    private final String version;
    private final long sequence;

    private ResolvedConfig(ConfigKey key, Environment environment, long sequence) {
        this.key = key;
        this.environment = environment;
        this.sequence = sequence;
        this.merged = Collections.unmodifiableMap(environment.mergedProperties());
        this.rendered = Collections.unmodifiableMap(environment.renderedProperties());
        try {
            this.environmentJson = Buffer.buffer(JSON.writeValueAsBytes(environment));
        } catch (JsonProcessingException e) {
            // Environments hold only strings, numbers, booleans and lists of them, so this is a bug.
            throw new IllegalStateException("cannot encode the environment of " + key, e);
        }
        this.nested = ConfigShapes.nested(merged);
        this.flat = ConfigShapes.flat(merged);
        this.version = ConfigVersion.of(merged);
    }

    /**
     * An older config of {@code key} that another instance served, rebuilt from its merged properties: enough
     * to compute a diff from it (its version is computed from them like any other's), not to answer HTTP.
     *
     * @param key the key
     * @param merged the merged flat properties
     * @return the config, older than every resolution of this instance
     */
    public static ResolvedConfig remembered(ConfigKey key, Map<String, Object> merged) {
        Environment environment = new Environment(
                key.application(),
                java.util.List.of(key.profiles().split(",")),
                key.label(),
                null,
                null,
                java.util.List.of(new dev.vortex.core.PropertySource("remembered", merged)));
        return new ResolvedConfig(key, environment, 0);
    }

    /**
     * Wraps a freshly resolved environment.
     *
     * @param key what it was resolved for
     * @param environment the environment
     * @param sequence when the resolution started, from a counter shared by all resolutions: of two
     *     resolutions of one key, the one with the higher sequence read the source later
     * @return the resolved config
     */
    public static ResolvedConfig of(ConfigKey key, Environment environment, long sequence) {
        return new ResolvedConfig(key, environment, sequence);
    }

    /** What this config was resolved for. */
    public ConfigKey key() {
        return key;
    }

    /** The environment in Spring Cloud Config's shape. */
    public Environment environment() {
        return environment;
    }

    /** All property sources merged, highest precedence winning, sorted by key. */
    public Map<String, Object> merged() {
        return merged;
    }

    /**
     * The properties in Spring Cloud Config Server's rendering order and list rules, for the {@code .yml},
     * {@code .properties} and {@code .json} renderings.
     */
    public Map<String, Object> rendered() {
        return rendered;
    }

    /** The Environment JSON, encoded once and shared by every response. Do not modify. */
    public Buffer environmentJson() {
        return environmentJson;
    }

    /** The merged config expanded to nested JSON (the protocol's default shape). Do not modify. */
    public ObjectNode nested() {
        return nested;
    }

    /** The merged config as one flat JSON object (the protocol's {@code shape=flat}). Do not modify. */
    public ObjectNode flat() {
        return flat;
    }

    /** The content hash of the merged config: equal content, equal version, on every instance. */
    public String version() {
        return version;
    }

    /** When this resolution started, relative to other resolutions (see {@link #of}). */
    public long sequence() {
        return sequence;
    }
}
