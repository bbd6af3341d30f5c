package dev.vortex.client;

/**
 * Told of each config change, on the client's listener executor (never on the socket's reader thread). When
 * changes of a key arrive faster than the listener returns, it gets one change from the config it last saw
 * to the newest one.
 */
@FunctionalInterface
public interface ConfigListener {
    /** A config changed. Exceptions are logged and do not stop further calls. */
    void onChange(ConfigChange change);
}
