package dev.vortex.server.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The last few configs of each key, so that a client that holds an older version (after a disconnect, or a
 * {@code resync}) gets a diff rather than a snapshot; an unknown version gets a snapshot.
 *
 * <p>Threading: {@link #record} is called from resolver threads, the lookups from event loops; each key's
 * history is guarded by its own monitor, held only for a few pointer operations. Recording decides, under
 * that monitor, whether a resolution is a change, so that two resolutions of one key finishing out of order
 * can never roll the key back: a resolution that started before the current one is ignored.
 *
 * <p>Bounded twice: at most {@code depth} configs per key, and at most {@code maxKeys} keys (least recently
 * used keys go first; their clients then get a snapshot on their next change, which is correct, just
 * larger).
 */
final class ConfigHistory {
    private final int depth;
    private final Cache<ConfigKey, KeyHistory> keys;

    ConfigHistory(int depth, long maxKeys) {
        if (depth < 1) {
            throw new IllegalArgumentException("history depth must be at least 1, was " + depth);
        }
        this.depth = depth;
        // Upkeep on the writing thread, not a ForkJoinPool worker woken after every change (see ResolvedConfigCache).
        this.keys = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Records a resolution.
     *
     * @return the change, when {@code config} is newer than and differs from the current config of its key
     *     (or is the first config seen for it)
     */
    Optional<ConfigChangeEvent> record(ResolvedConfig config, long detectedAtNanos) {
        KeyHistory history = keys.get(config.key(), key -> new KeyHistory());
        synchronized (history) {
            ResolvedConfig current = history.configs.peekLast();
            if (current != null && config.sequence() <= current.sequence()) {
                return Optional.empty();
            }
            if (current != null && current.version().equals(config.version())) {
                // Same content, newer resolution: remember it as current without announcing anything.
                history.configs.pollLast();
                history.configs.addLast(config);
                return Optional.empty();
            }
            history.configs.addLast(config);
            if (history.configs.size() > depth) {
                history.configs.pollFirst();
            }
            return Optional.of(new ConfigChangeEvent(current, config, detectedAtNanos));
        }
    }

    /**
     * Adds an older config that another instance served, so that a client resuming from it gets a diff. Kept
     * only while the key's history has room; never becomes the current config.
     */
    void remember(ResolvedConfig older) {
        KeyHistory history = keys.getIfPresent(older.key());
        if (history == null) {
            return;
        }
        synchronized (history) {
            if (history.configs.isEmpty() || history.configs.size() >= depth) {
                return;
            }
            for (ResolvedConfig config : history.configs) {
                if (config.version().equals(older.version())) {
                    return;
                }
            }
            history.configs.addFirst(older);
        }
    }

    /** The newest config of {@code key}, if any was seen. */
    Optional<ResolvedConfig> current(ConfigKey key) {
        KeyHistory history = keys.getIfPresent(key);
        if (history == null) {
            return Optional.empty();
        }
        synchronized (history) {
            return Optional.ofNullable(history.configs.peekLast());
        }
    }

    /** The config of {@code key} at {@code version}, if it is still remembered. */
    Optional<ResolvedConfig> find(ConfigKey key, String version) {
        KeyHistory history = keys.getIfPresent(key);
        if (history == null || version == null) {
            return Optional.empty();
        }
        synchronized (history) {
            Iterator<ResolvedConfig> newestFirst = history.configs.descendingIterator();
            while (newestFirst.hasNext()) {
                ResolvedConfig config = newestFirst.next();
                if (config.version().equals(version)) {
                    return Optional.of(config);
                }
            }
            return Optional.empty();
        }
    }

    /** Every key with a history: the keys this instance serves. */
    Set<ConfigKey> keys() {
        return Set.copyOf(keys.asMap().keySet());
    }

    private static final class KeyHistory {
        final ArrayDeque<ResolvedConfig> configs = new ArrayDeque<>(4);
    }
}
