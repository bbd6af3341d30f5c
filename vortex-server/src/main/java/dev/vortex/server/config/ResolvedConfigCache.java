package dev.vortex.server.config;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vortex.core.Environment;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.NoSuchLabelException;
import dev.vortex.sources.NoSuchRepositoryException;
import dev.vortex.sources.SourceChange;
import dev.vortex.sources.SourceFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cache of resolved configs that answers every request, so that HTTP responses (and, later,
 * WebSocket pushes) can never disagree.
 *
 * <p>Threading: {@link #get} may be called from any thread, event loops included; it never blocks. A miss
 * resolves the config on a bounded pool of resolver threads, and concurrent misses for one key share a
 * single resolution (Caffeine coalesces them). A full pool fails the lookup with
 * {@link ResolverBusyException} instead of queueing without bound.
 *
 * <p>After a source refresh, {@link #reload} re-resolves only the affected keys (those cached and those that
 * real-time clients follow, of the labels that changed, that could read one of the changed files when the source
 * names them) and replaces each entry only when the new resolution succeeds: a broken file in
 * the source keeps the last good config served (and logged), except that a label which no longer exists is
 * dropped. A re-resolution (after a refresh or a drop) that finds the environment of the config it replaces
 * shares what was built from it (see {@link #resolve(ConfigKey, ResolvedConfig)}).
 *
 * <p>Every successful resolution, whatever caused it, is reported to the {@link ResolutionListener}, which
 * is how real-time clients learn of changes: HTTP and WebSocket see the same configs by construction.
 */
public final class ResolvedConfigCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvedConfigCache.class);
    private static final int QUEUE_CAPACITY = 1_000;

    private final ConfigSource source;
    private final UnaryOperator<Environment> finisher;
    private final ResolverPool resolvers;
    private final PacedReloads paced;
    private final AsyncLoadingCache<ConfigKey, ResolvedConfig> cache;
    private final AtomicLong resolutions = new AtomicLong();
    private final Counter resolved;
    private final Counter foundAgain;
    private final Counter leftAlone;
    private volatile ResolutionListener listener = config -> {};
    private volatile Supplier<Collection<ConfigKey>> trackedKeys = List::of;

    /** Told of every successful resolution, on the resolver thread that made it. Must not block. */
    @FunctionalInterface
    public interface ResolutionListener {
        /** A config was resolved (it may or may not differ from the last one). */
        void resolved(ResolvedConfig config);
    }

    /**
     * @param source the backend to resolve from
     * @param maxEntries the most configs kept
     * @param registry where cache hit/miss metrics are published (as {@code cache_gets_total{cache="configs"}})
     */
    public ResolvedConfigCache(ConfigSource source, long maxEntries, MeterRegistry registry) {
        this(source, maxEntries, registry, UnaryOperator.identity());
    }

    /**
     * @param source the backend to resolve from
     * @param maxEntries the most configs kept
     * @param registry where cache hit/miss metrics are published (as {@code cache_gets_total{cache="configs"}})
     * @param finisher applied to each environment the source returns, before anyone sees it (server-side
     *     decryption of {@code {cipher}} values): here, so that HTTP and WebSocket carry the same values
     */
    public ResolvedConfigCache(
            ConfigSource source, long maxEntries, MeterRegistry registry, UnaryOperator<Environment> finisher) {
        this.source = Objects.requireNonNull(source, "source");
        this.finisher = Objects.requireNonNull(finisher, "finisher");
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        this.resolvers = new ResolverPool("vortex-resolver", threads, QUEUE_CAPACITY);
        this.paced = new PacedReloads(threads, resolvers::isShutdown);
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .recordStats()
                // Upkeep (draining the access and write buffers, evicting) runs on the thread that wrote: a few
                // microseconds, against waking a ForkJoinPool worker for it after every change (~0.3 ms of
                // parking and waking per change at 1,000 clients, BENCHMARKS.md). Loads use the resolvers, not this.
                .executor(Runnable::run)
                .buildAsync((key, executor) -> load(key, null));
        CaffeineCacheMetrics.monitor(registry, cache, "configs");
        this.resolved = Counter.builder("vortex.config.resolutions")
                .description("resolutions from the source, whatever caused them (a request's miss, a source change, a"
                        + " drop, key discovery)")
                .register(registry);
        this.leftAlone = Counter.builder("vortex.config.reloads.skipped")
                .description("cached or followed keys that a source change left alone: none of the files it changed"
                        + " can be read for them")
                .register(registry);
        this.foundAgain = Counter.builder("vortex.config.resolutions.unchanged")
                .description("re-resolutions (after a source change or a cache drop) that found the environment of the"
                        + " config they replace; they share what was built from it")
                .register(registry);
    }

    /**
     * Connects the real-time layer: who hears of resolutions, and which keys must be re-resolved on a
     * change even when they are not cached. Call once, before serving.
     */
    public void track(ResolutionListener listener, Supplier<Collection<ConfigKey>> trackedKeys) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.trackedKeys = Objects.requireNonNull(trackedKeys, "trackedKeys");
    }

    /**
     * Makes the cache key for a request, applying the source's default label.
     *
     * @param application the application
     * @param profiles the profile list
     * @param label the requested label, or {@code null}
     * @return the key
     */
    public ConfigKey key(String application, String profiles, String label) {
        return new ConfigKey(application, profiles, label != null ? label : source.defaultLabel());
    }

    /**
     * The config of {@code key}, from memory when present.
     *
     * @return a future completed on a resolver thread (on a miss) or at once (on a hit)
     */
    public CompletableFuture<ResolvedConfig> get(ConfigKey key) {
        try {
            return cache.get(key);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ResolverBusyException());
        }
    }

    /**
     * Waits until no resolution waits for a resolver thread (requests are served first), or until {@code timeout}
     * has passed. Blocking: for background work such as key discovery, never for an event loop.
     *
     * @return whether no resolution was waiting
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitNoQueuedResolutions(Duration timeout) throws InterruptedException {
        return resolvers.awaitEmptyQueue(timeout.toNanos());
    }

    /**
     * Reads a plain file of the source on the resolver pool, so that every read of the source is bounded by
     * the same threads and queue.
     *
     * @param key whose application, profiles and label select the file variants
     * @param path the file's path in the repository
     * @return the file, or empty when there is none
     */
    public CompletableFuture<Optional<SourceFile>> findFile(ConfigKey key, String path) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> source.findFile(key.application(), key.profiles(), key.label(), path), resolvers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ResolverBusyException());
        }
    }

    /**
     * Drops one key, so that the next request reads the source again; a key that real-time clients follow
     * is re-resolved at once, so that they hear of any change.
     */
    public void invalidate(ConfigKey key) {
        ResolvedConfig dropped = held(key);
        cache.synchronous().invalidate(key);
        if (trackedKeys.get().contains(key)) {
            paced.run(List.of(key), followed -> reResolve(followed, dropped));
        }
    }

    /**
     * Drops every key; keys that real-time clients follow are re-resolved at once (a few at a time, see {@link
     * PacedReloads}).
     *
     * @return completes when every followed key has been re-resolved (or has failed to)
     */
    public CompletableFuture<Void> invalidateAll() {
        List<ConfigKey> tracked = List.copyOf(trackedKeys.get());
        Map<ConfigKey, ResolvedConfig> dropped = new HashMap<>();
        for (ConfigKey key : tracked) {
            ResolvedConfig config = held(key);
            if (config != null) {
                dropped.put(key, config);
            }
        }
        cache.synchronous().invalidateAll();
        return paced.run(tracked, key -> reResolve(key, dropped.get(key)));
    }

    /**
     * Resolves a dropped key again (like {@link #get}; a request that asked for it meanwhile shares its resolution),
     * handing the resolution the config that was dropped: when the source still gives its environment, the new
     * config shares what was built from it.
     *
     * @throws RejectedExecutionException when the resolvers are too busy to take it
     */
    private CompletableFuture<ResolvedConfig> reResolve(ConfigKey key, ResolvedConfig dropped) {
        return cache.get(key, (missing, executor) -> load(missing, dropped));
    }

    /** The loader: resolves on a resolver thread and tells the listener before the entry completes. */
    private CompletableFuture<ResolvedConfig> load(ConfigKey key, ResolvedConfig dropped) {
        return CompletableFuture.supplyAsync(() -> announce(resolve(key, dropped)), resolvers);
    }

    /** The config the cache holds for {@code key} now, or {@code null} (absent, still loading, or failed). */
    private ResolvedConfig held(ConfigKey key) {
        // Through the map view, which leaves the hit and miss counts (cache_gets_total) to requests.
        return completed(cache.asMap().get(key));
    }

    /** The config of a cache entry, or {@code null} when there is none yet (absent, still loading, or failed). */
    private static ResolvedConfig completed(CompletableFuture<ResolvedConfig> entry) {
        return entry != null && entry.isDone() && !entry.isCompletedExceptionally() ? entry.join() : null;
    }

    /**
     * Re-resolves every key that real-time clients follow, keeping each cached config until its new
     * resolution succeeds; for catching up after changes may have been missed.
     *
     * @return completes when every followed key has been re-resolved (or kept, on failure)
     */
    public CompletableFuture<Void> reloadTracked() {
        return paced.run(List.copyOf(trackedKeys.get()), this::reload);
    }

    /** The number of configs held. */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    /**
     * Re-resolves every cached or followed key that {@code change} affects and swaps in the new configs, a few at a
     * time (see {@link PacedReloads}). A change that names its files affects only the keys that could read one of
     * them ({@link SourceChange#affects(String, String, String)}); the others keep their configs, which no changed
     * file is part of.
     *
     * @param change what the source reported as changed
     * @return completes when every affected key has been re-resolved (or kept, on failure)
     */
    public CompletableFuture<Void> reload(SourceChange change) {
        if (change.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<ConfigKey> affected = new ArrayList<>();
        List<ConfigKey> restamped = new ArrayList<>();
        Set<ConfigKey> keys = new HashSet<>(cache.asMap().keySet());
        keys.addAll(trackedKeys.get());
        for (ConfigKey key : keys) {
            if (change.affects(key.application(), key.profiles(), key.label())) {
                affected.add(key);
            } else if (change.affects(key.label())) {
                leftAlone.increment();
                restamped.add(key);
            }
        }
        return CompletableFuture.allOf(
                paced.run(affected, this::reload), paced.run(restamped, this::restampIfVersioned));
    }

    /** {@link #restamp} the held config of {@code key} if it has a version (a Git commit); else nothing to do. */
    private CompletableFuture<Void> restampIfVersioned(ConfigKey key) {
        ResolvedConfig held = held(key);
        return held != null && held.environment().version() != null
                ? restamp(key, held)
                : CompletableFuture.completedFuture(null);
    }

    /**
     * Gives a cached config that no changed file is part of the version its label has now (for Git, the new
     * commit), as a resolution would: Spring Cloud Config Server answers every key of a label with the label's
     * commit, and Spring's config client shows it ({@code config.client.version}). Nothing is read or parsed; a
     * label that cannot be resolved any more is left to a full {@link #reload(ConfigKey) reload}.
     *
     * @throws RejectedExecutionException when the resolvers are too busy to take it
     */
    private CompletableFuture<Void> restamp(ConfigKey key, ResolvedConfig held) {
        CompletableFuture<ResolvedConfig> stamped = CompletableFuture.supplyAsync(
                () -> {
                    long sequence = resolutions.incrementAndGet();
                    String version = source.versionOf(key.label());
                    return version == null || version.equals(held.environment().version())
                            ? null
                            : held.restamped(version, sequence);
                },
                resolvers);
        return stamped.handle((config, failure) -> {
                    if (failure != null) {
                        return paced.run(List.of(key), this::reload);
                    }
                    if (config != null && storeUnlessNewerHeld(key, config)) {
                        // Same content: the real-time layer takes it as current without telling anyone.
                        announce(config);
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(done -> done);
    }

    /**
     * Re-resolves {@code key}, keeping its cached config if that fails.
     *
     * @throws RejectedExecutionException when the resolvers are too busy to take it
     */
    private CompletableFuture<Void> reload(ConfigKey key) {
        CompletableFuture<ResolvedConfig> fresh =
                CompletableFuture.supplyAsync(() -> resolve(key, held(key)), resolvers);
        return fresh.handle((config, failure) -> {
            if (failure == null) {
                // In the cache before anyone hears of it: a client told of a change and then asking over HTTP
                // must get the new config, never the one it replaces.
                if (storeUnlessNewerHeld(key, config)) {
                    announce(config);
                }
            } else if (rootCause(failure) instanceof NoSuchLabelException
                    || rootCause(failure) instanceof NoSuchRepositoryException) {
                cache.synchronous().invalidate(key);
            } else {
                LOG.warn(
                        "keeping the last good config of {}: re-resolving it failed: {}",
                        key,
                        rootCause(failure).getMessage());
            }
            return null;
        });
    }

    /**
     * Puts {@code config} in the cache unless it holds a newer resolution of the key. Two re-resolutions of one key
     * (two refreshes in a row, a refresh and a peer's catch-up) may finish in either order; the one that started
     * first read the files first, and putting it last would serve the older content until the next change.
     *
     * @return whether {@code config} is now the cached one
     */
    private boolean storeUnlessNewerHeld(ConfigKey key, ResolvedConfig config) {
        boolean[] stored = {false};
        cache.asMap().compute(key, (k, current) -> {
            ResolvedConfig held = completed(current);
            if (held != null && held.sequence() > config.sequence()) {
                return current;
            }
            stored[0] = true;
            return CompletableFuture.completedFuture(config);
        });
        return stored[0];
    }

    /**
     * Resolves {@code key} from the source now.
     *
     * <p>When the source gives the environment of {@code before} (the config this resolution replaces), the
     * result is {@link ResolvedConfig#again before, again}: a new resolution with a newer sequence, which the cache
     * holds and the listener hears of as always, but which shares the Environment JSON, the version hash and the
     * shapes instead of building them. Why: one edit is often resolved twice, once for whoever noticed it first
     * ({@code DELETE /cache}, a webhook) and once more when the refresh that the file watcher or the poll asks for
     * reaches the key (or the other way round); the second finds the same content, and comparing two environments
     * (a few hundred {@code equals}) costs far less than building those again. Comparing content, not times or
     * file events, cannot miss an edit: whatever the files hold now, a different environment is built in full.
     *
     * @param before the config this resolution replaces, or {@code null}
     */
    private ResolvedConfig resolve(ConfigKey key, ResolvedConfig before) {
        long sequence = resolutions.incrementAndGet();
        resolved.increment();
        Environment found = source.find(key.application(), key.profiles(), key.label());
        Environment environment = finisher.apply(found);
        // The finisher is the server-side decryption: an environment it changed holds decrypted values.
        boolean decrypted = environment != found;
        if (before != null
                && before.decrypted() == decrypted
                && before.environment().equals(environment)) {
            foundAgain.increment();
            return before.again(sequence);
        }
        return ResolvedConfig.of(key, environment, sequence, decrypted);
    }

    /**
     * Tells the listener of a resolution. A first resolution is announced from the loader: whoever asks for the
     * key meanwhile waits for that same future, so no one can read an older config after hearing of it.
     */
    private ResolvedConfig announce(ResolvedConfig config) {
        try {
            listener.resolved(config);
        } catch (RuntimeException e) {
            // A listener failure must not fail the request that caused the resolution.
            LOG.error("resolution listener failed for {}", config.key(), e);
        }
        return config;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Stops the resolver threads; waits briefly for resolutions under way. */
    @Override
    public void close() {
        resolvers.shutdown();
        try {
            resolvers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
