package dev.vortex.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A least-recently-used map of at most {@code capacity} entries, safe for concurrent use. Values are computed
 * outside the lock (two threads may compute the same value once each; the values are immutable, so either
 * serves), and a computation that throws leaves nothing behind.
 */
final class BoundedCache<K, V> {
    private final int capacity;
    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.capacity;
            }
        };
    }

    /** The cached value of {@code key}, computing and keeping it when absent. */
    V get(K key, Supplier<V> compute) {
        synchronized (entries) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V value = compute.get();
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }

    /** The cached value of {@code key}, or {@code null}. */
    V find(K key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    /** Keeps {@code value} as {@code key}'s. */
    void put(K key, V value) {
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
