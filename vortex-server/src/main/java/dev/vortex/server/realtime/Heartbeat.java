package dev.vortex.server.realtime;

import java.time.Duration;

/**
 * The heartbeat state of one connection: when it was last pinged, and whether the answer is still awaited.
 * PROTOCOL.md: the server pings every {@code pingInterval}; any frame from the client counts as the answer;
 * a connection silent for {@code pongTimeout} after a ping is closed.
 *
 * <p>Not thread-safe: one per session, used on its event loop. Time comes in as an argument (the registry's
 * sweep reads the server's clock), so that tests drive it.
 */
final class Heartbeat {
    /** What the session must do after a {@link #tick}. */
    enum Action {
        /** Nothing yet. */
        NONE,
        /** Send a ping now. */
        PING,
        /** The client did not answer the last ping in time: close the connection. */
        TIMED_OUT
    }

    private long lastPingAtMillis;
    private long pingSentAtMillis;
    private boolean awaitingPong;

    /** @param openedAtMillis when the connection opened: the first ping is due an interval later */
    Heartbeat(long openedAtMillis) {
        this.lastPingAtMillis = openedAtMillis;
    }

    /**
     * The client sent a frame at {@code nowMillis}.
     *
     * @return the round trip of the ping it answers in milliseconds, or {@code -1} when no ping was awaited
     */
    long alive(long nowMillis) {
        if (!awaitingPong) {
            return -1;
        }
        awaitingPong = false;
        return nowMillis - pingSentAtMillis;
    }

    /** Whether a ping is due or overdue at {@code nowMillis}; a {@link Action#PING} counts as sent. */
    Action tick(long nowMillis, Duration pingInterval, Duration pongTimeout) {
        if (awaitingPong) {
            return nowMillis - pingSentAtMillis >= pongTimeout.toMillis() ? Action.TIMED_OUT : Action.NONE;
        }
        if (nowMillis - lastPingAtMillis >= pingInterval.toMillis()) {
            lastPingAtMillis = nowMillis;
            pingSentAtMillis = nowMillis;
            awaitingPong = true;
            return Action.PING;
        }
        return Action.NONE;
    }
}
