package dev.vortex.server.config;

import java.util.Collection;
import java.util.Set;

/**
 * The keys the source's own file names describe, as the last {@link KeyDiscovery} found them (at the default
 * label): with the keys WebSocket clients are connected to, the only keys pattern subscriptions see. A key
 * someone merely requested over HTTP is not among them, so a stranger's requests cannot reach a subscriber,
 * and the set is bounded by {@link KeyDiscovery#MAX_KEYS}.
 *
 * <p>Thread-safe: replaced whole by the refresh thread, read by any thread.
 */
public final class DiscoveredKeys {
    private volatile Set<ConfigKey> keys = Set.of();

    /** The keys of the last discovery. */
    public Set<ConfigKey> keys() {
        return keys;
    }

    /** Whether the last discovery found {@code key}. */
    public boolean contains(ConfigKey key) {
        return keys.contains(key);
    }

    void replace(Collection<ConfigKey> discovered) {
        this.keys = Set.copyOf(discovered);
    }
}
