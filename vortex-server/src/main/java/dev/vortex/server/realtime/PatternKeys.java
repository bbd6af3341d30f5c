package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.DiscoveredKeys;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys pattern subscriptions see: those the source's files describe ({@link DiscoveredKeys}) and those a
 * WebSocket client is connected to. Not every key anyone has requested: over HTTP a stranger could make up
 * thousands, and each would reach every {@code *:*:*} subscriber. Both parts are bounded, the first by key
 * discovery's limit, the second by the connections (one live connection per key).
 *
 * <p>Thread-safe: reads two thread-safe sets.
 */
final class PatternKeys {
    private final DiscoveredKeys discovered;
    private final ConnectionRegistry registry;

    PatternKeys(DiscoveredKeys discovered, ConnectionRegistry registry) {
        this.discovered = discovered;
        this.registry = registry;
    }

    /** Whether pattern subscribers may hear of {@code key}. */
    boolean contains(ConfigKey key) {
        return discovered.contains(key) || registry.isConnected(key);
    }

    /** Every such key, now. */
    Set<ConfigKey> all() {
        Set<ConfigKey> keys = new HashSet<>(discovered.keys());
        keys.addAll(registry.connectedKeys());
        return keys;
    }
}
