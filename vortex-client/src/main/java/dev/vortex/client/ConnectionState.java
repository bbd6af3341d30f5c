package dev.vortex.client;

/** Where a {@link VortexClient}'s connection stands. */
public enum ConnectionState {
    /** Opening a WebSocket (the first time or after a loss). */
    CONNECTING,
    /** Connected: changes arrive as they happen. */
    CONNECTED,
    /** The connection was lost; the client reconnects after a backoff delay. */
    DISCONNECTED,
    /** {@link VortexClient#close()} was called. */
    CLOSED,
    /**
     * The client gave up: the server refused the key or the credentials (401, 403, 404, at start or on a
     * reconnection), a fixed bearer token expired, or the server was unreachable at start with no cache file
     * to fall back on. It does not retry; {@link VortexClient#failure()} says why.
     */
    FAILED
}
