package dev.vortex.server.realtime;

import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.config.VersionBits;

/**
 * What a session knows of one key it follows: the version the client holds and the config waiting for a
 * writable socket. Not thread-safe: used on the session's event loop only.
 *
 * <p>Why the version is two {@code long}s and not its text: every delivery records the version it sent, and
 * this object lives as long as the connection (it is in the old generation), while each change's version is a
 * new object. With G1, storing a reference to an object of another region dirties a card that a refinement
 * thread must then scan: one card per delivery, ~1 µs of CPU each, more than a third of what the delivery
 * itself costs beyond the kernel's write. A version is 128 bits ({@link VersionBits}), so it fits in two
 * longs, which G1 never has to track.
 */
class KeyState {
    /** The version last sent to the client, as {@link VersionBits}; meaningful only when {@link #sent}. */
    private long sentHigh;

    private long sentLow;
    /** Whether a frame of this key was sent (false before the first, or after an unknown resume version). */
    private boolean sent;
    /** The newest config not yet sent because the socket was full, or {@code null}. */
    ResolvedConfig pending;
    /** How many configs {@link #pending} replaced since the last send (reported as {@code lagged}). */
    int skipped;

    /** Whether the client holds {@code config}'s version. */
    final boolean holds(ResolvedConfig config) {
        return sent && config.versionHigh() == sentHigh && config.versionLow() == sentLow;
    }

    /** Whether anything of this key was sent, so that {@link #sentVersion} names what the client holds. */
    final boolean sentAny() {
        return sent;
    }

    /** The version last sent, as text; {@code null} before the first frame. Allocates: not for every delivery. */
    final String sentVersion() {
        return sent ? VersionBits.text(sentHigh, sentLow) : null;
    }

    final long sentHigh() {
        return sentHigh;
    }

    final long sentLow() {
        return sentLow;
    }

    /** Records that the client now holds {@code config}'s version. */
    final void sent(ResolvedConfig config) {
        sentHigh = config.versionHigh();
        sentLow = config.versionLow();
        sent = true;
    }

    /** Records that the client holds {@code version}, or nothing the server knows when {@code null}. */
    final void sent(String version) {
        if (version == null) {
            sent = false;
        } else {
            sentHigh = VersionBits.high(version);
            sentLow = VersionBits.low(version);
            sent = true;
        }
    }
}
