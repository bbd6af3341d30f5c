package dev.vortex.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.core.Environment;
import io.vertx.core.buffer.Buffer;
import java.util.Collections;
import java.util.Map;

/**
 * A resolved config as the cache holds it: the environment, its merged properties and the
 * Environment JSON already encoded, so that a warm {@code GET} writes a shared buffer instead of
 * serialising again.
 */
public final class ResolvedConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigKey key;
    private final Environment environment;
    private final Map<String, Object> merged;
    private final Buffer environmentJson;

    private ResolvedConfig(ConfigKey key, Environment environment) {
        this.key = key;
        this.environment = environment;
        this.merged = Collections.unmodifiableMap(environment.mergedProperties());
        try {
            this.environmentJson = Buffer.buffer(JSON.writeValueAsBytes(environment));
        } catch (JsonProcessingException e) {
            // Environments hold only strings, numbers, booleans and lists of them, so this is a bug.
            throw new IllegalStateException("cannot encode the environment of " + key, e);
        }
    }

    /**
     * Wraps a freshly resolved environment.
     *
     * @param key what it was resolved for
     * @param environment the environment
     * @return the resolved config, with its JSON encoded once
     */
    public static ResolvedConfig of(ConfigKey key, Environment environment) {
        return new ResolvedConfig(key, environment);
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

    /** The Environment JSON, encoded once and shared by every response. Do not modify. */
    public Buffer environmentJson() {
        return environmentJson;
    }
}
