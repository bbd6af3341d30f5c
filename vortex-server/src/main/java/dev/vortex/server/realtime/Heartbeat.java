package dev.vortex.server.realtime;

import java.time.Duration;

/**
 * The heartbeat rule of one connection. PROTOCOL.md: the server pings every {@code pingInterval}; any frame
 * from the client counts as the answer; a connection silent for {@code pongTimeout} after a ping is closed.
 *
 * <p>Stateless: the state is two primitive fields of the session (when the last ping went out, and whether
 * its answer is awaited), not an object of its own, because an idle connection pays for every object it
 * keeps. Time comes in as an argument (the registry's sweep reads the server's clock), so that tests drive
 * it.
 */
final class Heartbeat {
    /** What the session must do after a {@link #due} check. */
    enum Action {
        /** Nothing yet. */
        NONE,
        /** Send a ping now (and record it as sent at {@code nowMillis}). */
        PING,
        /** The client did not answer the last ping in time: close the connection. */
        TIMED_OUT
    }

    private Heartbeat() {}

    /**
     * What is due at {@code nowMillis}.
     *
     * @param lastPingAtMillis when the last ping was sent, or the connection opened if none was: the first
     *     ping is due an interval after the opening
     * @param awaitingPong whether the last ping is still unanswered
     */
    static Action due(
            long nowMillis, long lastPingAtMillis, boolean awaitingPong, Duration pingInterval, Duration pongTimeout) {
        if (awaitingPong) {
            return nowMillis - lastPingAtMillis >= pongTimeout.toMillis() ? Action.TIMED_OUT : Action.NONE;
        }
        return nowMillis - lastPingAtMillis >= pingInterval.toMillis() ? Action.PING : Action.NONE;
    }
}
