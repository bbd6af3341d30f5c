package dev.vortex.server.realtime;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Decides which resolutions become changes: only those of keys a WebSocket client follows (it is connected to
 * the key, or a subscribed pattern matches a key patterns may see). Those are recorded in {@link ConfigHistory}
 * and, when they differ from the key's current config, published on the {@link Backplane}. A key that only HTTP
 * clients ask for is neither: a fleet of services restarting, each asking for its own key once, would otherwise
 * make one change event per key, and with Redis one stream entry that every other instance catches up with.
 *
 * <p>The price is that a key's history can lag behind the cache until the key gains a follower, so a new
 * follower closes the gap itself, in this order: the config it starts from is {@link #adopt adopted} (recorded,
 * and published when it is a change), it registers, and then it {@link #catchUp catches up} with the cache.
 * Why no resolution can fall between the follower's read of the cache and its registration: the cache tells
 * {@link #resolved} of a resolution only once it holds it (a re-resolution after {@code cache.put}; a first one
 * while its future is the entry, not yet complete). So either the resolver thread sees the follower registered
 * and records the change, which reaches the follower as any change does, or it looked before the follower
 * registered, and then the follower's look at the cache, after registering, finds that config (or the future
 * that will bring it). A full fence on each side keeps each side's write (the put, the registration) before its
 * read (who follows, what is cached); the concurrent maps alone promise only acquire/release ordering.
 *
 * <p>Thread-safe: {@link #resolved} runs on resolver threads, {@link #adopt} and {@link #catchUp} on event loops.
 */
final class ChangeRecorder {
    private final ConfigHistory history;
    private final Backplane backplane;
    private final ConnectionRegistry registry;
    private final PatternKeys patternKeys;
    /** The configs of the cache ({@code ResolvedConfigCache::get}): what a new follower catches up with. */
    private final Function<ConfigKey, CompletableFuture<ResolvedConfig>> cache;

    ChangeRecorder(
            ConfigHistory history,
            Backplane backplane,
            ConnectionRegistry registry,
            PatternKeys patternKeys,
            Function<ConfigKey, CompletableFuture<ResolvedConfig>> cache) {
        this.history = history;
        this.backplane = backplane;
        this.registry = registry;
        this.patternKeys = patternKeys;
        this.cache = cache;
    }

    /** A resolution, whatever caused it: a change when someone follows its key, else nothing at all. */
    void resolved(ResolvedConfig config) {
        // The cache's put (when there was one) before the look at the registry: see the class comment.
        VarHandle.fullFence();
        if (!hasListeners(config.key())) {
            return;
        }
        // On this resolver thread rather than on each event loop that delivers it.
        config.prepareForPush();
        record(config);
    }

    /**
     * The config a new follower of its key starts from: recorded whoever follows the key yet, so that the
     * follower's later changes are diffs from it and a version it names can be added to the history next to it
     * ({@link RemoteVersions}). Published when it is a change, as it would have been had the key been followed
     * when it was resolved.
     */
    void adopt(ResolvedConfig config) {
        record(config);
    }

    /**
     * Called once a follower of {@code key} has registered: the config the cache holds now (resolving it when the
     * cache dropped it) goes through {@link #resolved}, so that a resolution that finished unrecorded, before
     * the follower registered, becomes a change that reaches it. Nothing happens when the history has it already.
     */
    void catchUp(ConfigKey key) {
        // The registration before the look at the cache: see the class comment.
        VarHandle.fullFence();
        cache.apply(key).thenAccept(this::resolved);
    }

    /** Whether a WebSocket client follows {@code key}, by connecting to it or by a pattern. Any thread. */
    boolean hasListeners(ConfigKey key) {
        return registry.isConnected(key) || (patternKeys.contains(key) && registry.subscribedByPattern(key));
    }

    private void record(ResolvedConfig config) {
        history.record(config, System.nanoTime()).ifPresent(backplane::publish);
    }
}
