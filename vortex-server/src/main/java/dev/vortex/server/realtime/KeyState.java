package dev.vortex.server.realtime;

import dev.vortex.server.config.ResolvedConfig;

/**
 * What a session knows of one key it follows: the version the client holds and the config waiting for a
 * writable socket. Not thread-safe: used on the session's event loop only.
 */
class KeyState {
    /** The version last sent to the client, or {@code null} before the first frame. */
    String sentVersion;
    /** The newest config not yet sent because the socket was full, or {@code null}. */
    ResolvedConfig pending;
    /** How many configs {@link #pending} replaced since the last send (reported as {@code lagged}). */
    int skipped;
}
