package dev.vortex.server.config;

import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.SourceChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the source on a fixed interval (a Git fetch, a scan of native directories) and reloads what
 * changed into the cache.
 *
 * <p>Threading: a Vert.x timer, a webhook or a file watcher only asks ({@link #refreshSoon}); the refresh
 * itself runs on one dedicated thread, so a slow Git remote never holds up an event loop or a resolver.
 * Requests that arrive while a refresh runs are coalesced into one more refresh after it: never a pile of
 * fetches behind a hanging remote, and never a push notification lost because a poll was under way. While the
 * source is down, refreshes are at least {@link #PAUSE_AFTER_FAILURE} apart, so that the number of fetches
 * depends on time, never on how many requests ask for one.
 */
public final class SourceRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceRefresher.class);

    /**
     * The pause after a refresh that left the source down, before the next one: a failing fetch returns in
     * milliseconds, and without it a webhook storm against a vanished remote would fetch back to back as fast
     * as the remote can refuse. Requests during the pause are coalesced into the one refresh after it.
     */
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    /**
     * How long a refresh waits for the re-resolutions of what changed before it goes on (key discovery, telling the
     * other instances); those not done by then carry on in the background. A wait, not a limit: refreshes take turns,
     * so a reload of a very large fleet could otherwise hold up the announcement that other instances need.
     */
    static final Duration RELOAD_WAIT = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final ConfigSource source;
    private final ResolvedConfigCache cache;
    private final Runnable afterChange;
    private final Runnable sourceMoved;
    private final Counter refreshes;
    private final Counter skippedPolls;
    private final Duration reloadWait;
    private boolean refreshedOnce;
    private final ExecutorService refreshThread = BoundedExecutors.create("vortex-refresh", 1, 1);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Whether a pending refresh was asked for by a detection of this instance's own, not by a peer's. */
    private final AtomicBoolean announce = new AtomicBoolean();

    private final ReentrantLock refreshLock = new ReentrantLock();
    private long timerId = -1;

    /**
     * @param vertx the Vert.x instance whose timer schedules refreshes
     * @param source the source to refresh
     * @param cache the cache to reload
     * @param afterChange runs on the refresh thread after the first refresh and after every refresh that may have
     *     created or deleted a file (key discovery; {@link SourceChange#mayHaveChangedFileNames()}), not after one
     *     that only modified files
     * @param sourceMoved runs on the refresh thread after a refresh asked for by this instance's own detection
     *     (a poll, a webhook, {@link #refreshNow}) found the source changed, to tell the other instances, which
     *     then {@link #catchUpSoon catch up}; must not block
     * @param registry where the {@code vortex_source_*} meters go
     */
    public SourceRefresher(
            Vertx vertx,
            ConfigSource source,
            ResolvedConfigCache cache,
            Runnable afterChange,
            Runnable sourceMoved,
            MeterRegistry registry) {
        this(vertx, source, cache, afterChange, sourceMoved, registry, RELOAD_WAIT);
    }

    /** As the public constructor, waiting {@code reloadWait} for a change's re-resolutions (a test's, shorter). */
    SourceRefresher(
            Vertx vertx,
            ConfigSource source,
            ResolvedConfigCache cache,
            Runnable afterChange,
            Runnable sourceMoved,
            MeterRegistry registry,
            Duration reloadWait) {
        this.reloadWait = reloadWait;
        this.vertx = vertx;
        this.source = source;
        this.cache = cache;
        this.afterChange = afterChange;
        this.sourceMoved = sourceMoved;
        this.refreshes = Counter.builder("vortex.source.refreshes")
                .description("refreshes of the source this instance ran (each one a Git fetch or a directory scan)")
                .register(registry);
        this.skippedPolls = Counter.builder("vortex.source.polls.skipped")
                .description("periodic polls left to the instance elected to poll the shared Git remote")
                .register(registry);
    }

    /**
     * Starts polling every {@code interval}.
     *
     * @param interval the time between polls
     * @param pollsNow asked at each interval; false skips that poll (another instance polls the shared source
     *     and announces what it finds)
     */
    public void start(Duration interval, BooleanSupplier pollsNow) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> {
            if (pollsNow.getAsBoolean()) {
                refreshSoon();
            } else {
                skippedPolls.increment();
            }
        });
    }

    /**
     * Asks for a refresh without waiting for it, for a change this instance detects (a poll, a webhook, a
     * file watcher): what it finds is announced to the other instances. Never blocks; safe from any thread,
     * event loops included. If a refresh is running, one more runs after it.
     */
    public void refreshSoon() {
        announce.set(true);
        request();
    }

    /**
     * Like {@link #refreshSoon}, for a change another instance announced: what it finds is not announced again
     * (that instance told everybody already).
     */
    public void catchUpSoon() {
        request();
    }

    private void request() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            refreshThread.execute(this::refreshWhileRequested);
        } catch (RejectedExecutionException e) {
            // Closed: nothing more to refresh.
            running.set(false);
        }
    }

    private void refreshWhileRequested() {
        do {
            while (requested.getAndSet(false)) {
                refresh(announce.getAndSet(false));
                if (!source.health().up() && !pauseAfterFailure()) {
                    running.set(false);
                    return;
                }
            }
            running.set(false);
            // A request that came after the loop's last check but before running was cleared is ours.
        } while (requested.get() && running.compareAndSet(false, true));
    }

    /** @return false when interrupted (closing) */
    private boolean pauseAfterFailure() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Refreshes once on the calling thread and waits until the cache holds the new configs. Blocking.
     *
     * @return what changed
     */
    public SourceChange refreshNow() {
        return refresh(true);
    }

    private SourceChange refresh(boolean announcing) {
        // One refresh at a time, whoever asks: a caller of refreshNow waits for a background refresh under
        // way, so that when it returns the cache holds every change made before the call.
        refreshLock.lock();
        try {
            return refreshOnce(announcing);
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * A catch-up fetched commits that no refresh of this instance's own has announced since; guarded by
     * {@code refreshLock}.
     */
    private boolean fetchedUnannounced;

    private SourceChange refreshOnce(boolean announcing) {
        try {
            refreshes.increment();
            SourceChange change = source.refresh();
            if (!change.isEmpty()) {
                // Guarded: the description is built on every change, for a line that is often filtered out.
                if (LOG.isInfoEnabled()) {
                    LOG.info("{} changed ({}); reloading the cached configs it affects", source.description(), change);
                }
                awaitReload(cache.reload(change));
            }
            // Discovery reads file names only: a change that created or deleted no file cannot change what it finds.
            if (change.mayHaveChangedFileNames() || !refreshedOnce) {
                refreshedOnce = true;
                afterChange.run();
            }
            if (announcing && (!change.isEmpty() || fetchedUnannounced)) {
                fetchedUnannounced = false;
                sourceMoved.run();
            } else if (!change.isEmpty()) {
                // A catch-up may fetch commits newer than the one it was told of (pushed meanwhile). Nobody else
                // may announce them: the webhook for them may land here and find nothing new, or this instance may
                // be the poller. Changes of keys only HTTP clients ask here are not published either, so the next
                // refresh of this instance's own says the source moved even if it finds nothing new itself.
                fetchedUnannounced = true;
            }
            return change;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SourceChange.none();
        } catch (Exception e) {
            // The source logs and reports its own failures through health; this catches the unexpected.
            LOG.warn("refreshing {} failed: {}", source.description(), e.toString());
            return SourceChange.none();
        }
    }

    /** Waits up to {@link #reloadWait} for a change's re-resolutions, which go on without it after that. */
    private void awaitReload(CompletableFuture<Void> reload) throws InterruptedException, ExecutionException {
        try {
            reload.get(reloadWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "{}: the configs the change reaches are still being re-resolved after {} s; the rest carries on in"
                            + " the background",
                    source.description(),
                    reloadWait.toMillis() / 1000.0);
        }
    }

    /** Stops the timer and the refresh thread. */
    @Override
    public void close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        refreshThread.shutdownNow();
    }
}
