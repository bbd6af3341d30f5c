package dev.vortex.server.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.Environment;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.core.shape.ConfigVersion;
import io.vertx.core.buffer.Buffer;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;

/**
 * A resolved config as the cache holds it: the environment and its Environment JSON (for HTTP), encoded once on
 * the resolver thread, and, made on first use, the merged properties, the nested and flat shapes and the
 * content-hash version (for WebSocket clients and the other renderings).
 *
 * <p>Why not everything at once: in a fleet restart thousands of services each ask their own key over HTTP, and
 * none of them needs the shapes or the version; building them (two sorted copies of the properties, two JSON
 * trees and a SHA-256 over the content) cost about as much as reading the key's files. The real-time layer asks
 * for them on the resolver thread ({@link #prepareForPush}) when a WebSocket client or a pattern can see the key,
 * so that event loops do not build them either.
 *
 * <p>Immutable as far as anyone can tell, so it is shared freely between threads: each part made on first use
 * depends only on the environment, so two threads that make one at once make equal values, and either is kept.
 * The JSON trees must not be modified.
 */
public final class ResolvedConfig {
    private final ConfigKey key;
    private final Environment environment;
    private final Buffer environmentJson;
    private final long sequence;
    private final boolean decrypted;
    // Made on first use (see the class comment); volatile so that a value made on one thread is seen whole.
    private volatile Map<String, Object> merged;
    private volatile Map<String, Object> rendered;
    private volatile ObjectNode nested;
    private volatile ObjectNode flat;
    private volatile String version;
    // The version's bits, set before the version is published (see version()).
    private long versionHigh;
    private long versionLow;

    private ResolvedConfig(ConfigKey key, Environment environment, long sequence, boolean decrypted) {
        this.key = key;
        this.environment = environment;
        this.sequence = sequence;
        this.decrypted = decrypted;
        this.environmentJson = Buffer.buffer(EnvironmentJson.encode(environment));
    }

    /** A copy of {@code same} for a later resolution: see {@link #again}. */
    private ResolvedConfig(ResolvedConfig same, long sequence) {
        this(same, same.environment, same.environmentJson, sequence);
    }

    /**
     * A copy of {@code same} for a later resolution whose environment differs from {@code same}'s at most in what
     * the merged properties do not depend on (its version): see {@link #restamped}.
     */
    private ResolvedConfig(ResolvedConfig same, Environment environment, Buffer environmentJson, long sequence) {
        this.key = same.key;
        this.environment = environment;
        this.sequence = sequence;
        this.decrypted = same.decrypted;
        this.environmentJson = environmentJson;
        this.merged = same.merged;
        this.rendered = same.rendered;
        this.nested = same.nested;
        this.flat = same.flat;
        // The version last: its bits are set before it is published (see version()).
        String made = same.version;
        if (made != null) {
            this.versionHigh = same.versionHigh;
            this.versionLow = same.versionLow;
            this.version = made;
        }
    }

    /**
     * This config as a later resolution found it again, with the same environment: a new resolution in every
     * respect (the cache swaps it in, listeners hear of it with its newer sequence) that shares everything made
     * from the environment (its JSON, the merged properties, the shapes, the version), since equal environments
     * make equal values. Why: one edit is often resolved twice, once by whoever noticed it first ({@code DELETE
     * /cache}, a webhook) and once by the refresh the file watcher or a poll asks for; the second need not build
     * all of that again.
     *
     * @param sequence the later resolution's sequence (see {@link #of})
     * @return a config equal to this one but for its sequence
     */
    public ResolvedConfig again(long sequence) {
        return new ResolvedConfig(this, sequence);
    }

    /**
     * This config as a later resolution of a new commit would find it when no file it reads changed: the same
     * property sources under the source's new {@code version} (Spring Cloud Config Server answers every key of a
     * label with the label's commit). Shares the merged properties, the shapes and the content version, which do
     * not depend on the environment's version; only the Environment JSON is made again.
     *
     * @param environmentVersion the environment's new version (for Git, the commit id)
     * @param sequence the later resolution's sequence (see {@link #of})
     * @return a config with the same content and the new environment version
     */
    public ResolvedConfig restamped(String environmentVersion, long sequence) {
        Environment stamped = new Environment(
                environment.name(),
                environment.profiles(),
                environment.label(),
                environmentVersion,
                environment.state(),
                environment.propertySources());
        return new ResolvedConfig(this, stamped, Buffer.buffer(EnvironmentJson.encode(stamped)), sequence);
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
        return new ResolvedConfig(key, environment, 0, false);
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
        return of(key, environment, sequence, false);
    }

    /**
     * Like {@link #of(ConfigKey, Environment, long)}, for an environment whose {@code {cipher}} values the server
     * decrypted (or replaced by {@code invalid.*} markers) before serving it.
     *
     * @param decrypted whether the server decrypted values into {@code environment}
     * @return the resolved config
     */
    public static ResolvedConfig of(ConfigKey key, Environment environment, long sequence, boolean decrypted) {
        return new ResolvedConfig(key, environment, sequence, decrypted);
    }

    /**
     * Whether the server decrypted {@code {cipher}} values into this config: it then holds secrets in plain text,
     * which stay in this process (they are served to clients allowed to read the key, never stored elsewhere,
     * such as in the backplane's Redis).
     */
    public boolean decrypted() {
        return decrypted;
    }

    /** What this config was resolved for. */
    public ConfigKey key() {
        return key;
    }

    /** The environment in Spring Cloud Config's shape. */
    public Environment environment() {
        return environment;
    }

    /**
     * Makes now, on the calling thread, what a WebSocket client of this key will need (the version and the
     * shapes), so that the event loops that deliver it find them made. For the real-time layer, on the
     * resolver thread.
     */
    public void prepareForPush() {
        version();
        nested();
        flat();
    }

    /**
     * All property sources merged, highest precedence winning, each list whole from one source (as Spring Boot
     * binds them, see {@link Environment#mergedProperties()}), sorted by key.
     */
    public Map<String, Object> merged() {
        Map<String, Object> made = merged;
        if (made == null) {
            Map<String, Object> properties = environment.mergedProperties();
            // Still sorted to whoever asks (the version hash then needs no sorted copy of its own).
            made = properties instanceof SortedMap<String, Object> sorted
                    ? Collections.unmodifiableSortedMap(sorted)
                    : Collections.unmodifiableMap(properties);
            merged = made;
        }
        return made;
    }

    /**
     * The properties in Spring Cloud Config Server's rendering order and list rules, for the {@code .yml},
     * {@code .properties} and {@code .json} renderings.
     */
    public Map<String, Object> rendered() {
        Map<String, Object> made = rendered;
        if (made == null) {
            made = Collections.unmodifiableMap(environment.renderedProperties());
            rendered = made;
        }
        return made;
    }

    /** The Environment JSON, encoded once and shared by every response. Do not modify. */
    public Buffer environmentJson() {
        return environmentJson;
    }

    /** The merged config expanded to nested JSON (the protocol's default shape). Do not modify. */
    public ObjectNode nested() {
        ObjectNode made = nested;
        if (made == null) {
            made = ConfigShapes.nested(merged());
            nested = made;
        }
        return made;
    }

    /** The merged config as one flat JSON object (the protocol's {@code shape=flat}). Do not modify. */
    public ObjectNode flat() {
        ObjectNode made = flat;
        if (made == null) {
            made = ConfigShapes.flat(merged());
            flat = made;
        }
        return made;
    }

    /** The content hash of the merged config: equal content, equal version, on every instance. */
    public String version() {
        String made = version;
        if (made == null) {
            made = ConfigVersion.of(merged());
            // Written before the volatile version: whoever reads the version non-null sees these too.
            versionHigh = VersionBits.high(made);
            versionLow = VersionBits.low(made);
            version = made;
        }
        return made;
    }

    /** The first 64 bits of {@link #version()} (see {@link VersionBits}). */
    public long versionHigh() {
        version();
        return versionHigh;
    }

    /** The last 64 bits of {@link #version()} (see {@link VersionBits}). */
    public long versionLow() {
        version();
        return versionLow;
    }

    /** When this resolution started, relative to other resolutions (see {@link #of}). */
    public long sequence() {
        return sequence;
    }
}
