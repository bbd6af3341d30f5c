package dev.vortex.spring.boot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The starter's open connections in this JVM, by import settings.
 *
 * <p>Why a JVM-wide registry: Spring creates config data loaders per {@code Environment}, and Spring Cloud's
 * {@code ContextRefresher} (behind {@code /actuator/refresh}) runs every import again in a throw-away one. Without
 * this, each such refresh would open another WebSocket and leak it. Application contexts claim the connections their
 * {@code Environment} holds and release them when they close; the last release closes the client.
 *
 * <p>Threading: every method is synchronized; opening a connection (a network round trip, bounded by
 * {@code vortex.start-timeout}) happens under the lock, so two imports of the same settings never open two.
 */
final class VortexConnections {
    static final VortexConnections RUNNING = new VortexConnections();

    private final Map<VortexImportSettings, VortexConnection> open = new HashMap<>();

    /** The open connection for these settings, or a new one from {@code opener} (which may return null). */
    synchronized VortexConnection connect(
            VortexImportSettings settings, Function<VortexImportSettings, VortexConnection> opener) {
        VortexConnection connection = open.get(settings);
        if (connection == null) {
            connection = opener.apply(settings);
            if (connection != null) {
                open.put(settings, connection);
            }
        }
        return connection;
    }

    synchronized void claim(VortexConnection connection) {
        connection.claim();
    }

    /** Closes a connection that no application context has claimed (its start failed). */
    synchronized void closeIfUnclaimed(VortexConnection connection) {
        if (connection.claims() == 0 && open.remove(connection.settings(), connection)) {
            connection.client().close();
        }
    }

    /** One user less; the last one closes the client and forgets the connection. */
    synchronized void release(VortexConnection connection) {
        if (connection.release() <= 0 && open.remove(connection.settings(), connection)) {
            connection.client().close();
        }
    }
}
