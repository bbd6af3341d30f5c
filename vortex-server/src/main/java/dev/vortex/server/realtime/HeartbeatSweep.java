package dev.vortex.server.realtime;

import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.wire.HeartbeatFrames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One heartbeat sweep of one event loop: the time it runs at, and the ping frames it sends every session it finds
 * due, encoded for the first of them and shared by the rest (the same bytes for all: same time, and server frames
 * are not masked). Most sweeps find no session due (a sweep runs every quarter of the shortest heartbeat timing,
 * at least once a second, and a session is due once per ping interval) and encode nothing.
 *
 * <p>The pings sent are counted once per sweep, not once per session. Threading: confined to the event loop whose
 * sessions it visits.
 */
final class HeartbeatSweep {
    private final Instant now;
    private final long nowMillis;
    private final ServerMessages messages;
    private final RealtimeMetrics metrics;
    private HeartbeatFrames pings;
    private int pinged;

    HeartbeatSweep(Instant now, ServerMessages messages, RealtimeMetrics metrics) {
        this.now = now;
        this.nowMillis = now.toEpochMilli();
        this.messages = messages;
        this.metrics = metrics;
    }

    /** When the sweep runs, in epoch milliseconds. */
    long nowMillis() {
        return nowMillis;
    }

    /**
     * The ping frame (its payload the sweep's time in epoch milliseconds, as digits) and the JSON {@code ping}
     * stamped with the sweep's time, encoded on the first call.
     */
    HeartbeatFrames pings() {
        if (pings == null) {
            pings = HeartbeatFrames.of(
                    Long.toString(nowMillis).getBytes(StandardCharsets.US_ASCII), messages.ping(now));
        }
        return pings;
    }

    /** A session was sent {@link #pings()}. */
    void pinged() {
        pinged++;
    }

    /** Counts the JSON pings sent by this sweep in the metrics. */
    void finish() {
        if (pinged > 0) {
            metrics.sent("ping", pinged);
            pinged = 0;
        }
    }
}
