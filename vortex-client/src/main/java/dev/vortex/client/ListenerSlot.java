package dev.vortex.client;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered {@link ConfigListener} and what it has seen.
 *
 * <p>Threading: {@link #offer} is called by the socket's reader and never blocks on the listener: it
 * records the newest config of the key (replacing an older one still pending) and, unless a drain is
 * already queued or running, queues one on the listener executor. The drain calls the listener for each
 * pending key, one key at a time, with a change from the config the listener last saw to the newest one.
 * So a slow listener gets one coalesced change, memory stays one pending config per key, and one listener
 * is never called concurrently with itself.
 */
final class ListenerSlot implements ListenerRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerSlot.class);

    private final ConfigListener listener;
    private final Executor executor;
    private final Runnable onRemove;
    // Guarded by this.
    private final Map<ConfigKey, VortexConfig> seen = new HashMap<>();
    private final Map<ConfigKey, Pending> pending = new LinkedHashMap<>();
    private boolean draining;
    private volatile boolean removed;

    private record Pending(VortexConfig config, boolean snapshot) {}

    ListenerSlot(ConfigListener listener, Executor executor, Map<ConfigKey, VortexConfig> current, Runnable onRemove) {
        this.listener = listener;
        this.executor = executor;
        this.onRemove = onRemove;
        this.seen.putAll(current);
    }

    /** A key has a new config; the listener will hear of it soon, on its executor. */
    void offer(VortexConfig config, boolean snapshot) {
        if (removed) {
            return;
        }
        synchronized (this) {
            Pending earlier = pending.get(config.key());
            pending.put(config.key(), new Pending(config, snapshot || (earlier != null && earlier.snapshot())));
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                draining = false;
            }
            LOG.debug("listener executor refused a task (the client is closing)", e);
        }
    }

    private void drain() {
        while (true) {
            VortexConfig previous;
            Pending next;
            synchronized (this) {
                Iterator<Map.Entry<ConfigKey, Pending>> first =
                        pending.entrySet().iterator();
                if (removed || !first.hasNext()) {
                    draining = false;
                    return;
                }
                next = first.next().getValue();
                first.remove();
                previous = seen.put(next.config().key(), next.config());
            }
            if (previous != null && previous.version().equals(next.config().version())) {
                continue;
            }
            try {
                listener.onChange(Change.between(previous, next.config(), next.snapshot()));
            } catch (RuntimeException e) {
                LOG.warn(
                        "config listener failed on a change of {}",
                        next.config().key(),
                        e);
            }
        }
    }

    /** Forgets a key (unsubscribed): a later config of it is a first one again. */
    synchronized void forget(ConfigKey key) {
        seen.remove(key);
        pending.remove(key);
    }

    @Override
    public void remove() {
        removed = true;
        onRemove.run();
    }
}
