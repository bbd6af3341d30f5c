package dev.vortex.client;

/** Told of each {@link ConnectionState} change, on the client's listener executor, in order. */
@FunctionalInterface
public interface ConnectionListener {
    /** The connection's state changed. */
    void onStateChange(ConnectionState state);
}
