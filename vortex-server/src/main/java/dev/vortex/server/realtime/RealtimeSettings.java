package dev.vortex.server.realtime;

import java.time.Duration;

/**
 * Limits and timings of the real-time endpoint, with PROTOCOL.md's defaults.
 *
 * @param pingInterval how often the server pings each connection
 * @param pongTimeout how long after a ping a connection may stay silent before it is closed (1001)
 * @param maxMessagesPerSecond inbound messages allowed per connection and second
 * @param maxFrameBytes the largest inbound message; larger ones close the connection (1009)
 * @param historyDepth configs remembered per key, for diffs on resume
 * @param maxPatternsPerConnection subscription patterns one connection may hold
 * @param maxReconnectDelay the upper bound of the jittered {@code reconnect_after_ms} sent on shutdown
 * @param compression whether {@code permessage-deflate} (RFC 7692) is answered to clients that offer it
 */
public record RealtimeSettings(
        Duration pingInterval,
        Duration pongTimeout,
        int maxMessagesPerSecond,
        int maxFrameBytes,
        int historyDepth,
        int maxPatternsPerConnection,
        Duration maxReconnectDelay,
        boolean compression) {

    /** PROTOCOL.md's defaults. */
    public static final RealtimeSettings DEFAULTS = new RealtimeSettings(
            Duration.ofSeconds(30), Duration.ofSeconds(10), 100, 64 * 1024, 16, 100, Duration.ofSeconds(5), true);

    /** Checks every value, naming the bad one. */
    public RealtimeSettings {
        positive(pingInterval, "ping interval");
        positive(pongTimeout, "pong timeout");
        positive(maxReconnectDelay, "max reconnect delay");
        atLeastOne(maxMessagesPerSecond, "max messages per second");
        atLeastOne(maxFrameBytes, "max frame bytes");
        atLeastOne(historyDepth, "history depth");
        atLeastOne(maxPatternsPerConnection, "max patterns per connection");
    }

    /**
     * The largest frame (or reassembled message) read at all; larger ones close the connection with 1009
     * before they are buffered whole. Twice the protocol limit, so that a message a bit over the limit still
     * reaches the session, which answers {@code MESSAGE_TOO_LARGE} before closing.
     */
    public int maxFrameBytesOnTheWire() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(65_536L, maxFrameBytes * 2L));
    }

    /** A copy with other heartbeat timings. */
    public RealtimeSettings withHeartbeat(Duration interval, Duration timeout) {
        return new RealtimeSettings(
                interval,
                timeout,
                maxMessagesPerSecond,
                maxFrameBytes,
                historyDepth,
                maxPatternsPerConnection,
                maxReconnectDelay,
                compression);
    }

    /** A copy with other inbound limits. */
    public RealtimeSettings withLimits(int messagesPerSecond, int frameBytes) {
        return new RealtimeSettings(
                pingInterval,
                pongTimeout,
                messagesPerSecond,
                frameBytes,
                historyDepth,
                maxPatternsPerConnection,
                maxReconnectDelay,
                compression);
    }

    /** A copy with another history depth. */
    public RealtimeSettings withHistoryDepth(int depth) {
        return new RealtimeSettings(
                pingInterval,
                pongTimeout,
                maxMessagesPerSecond,
                maxFrameBytes,
                depth,
                maxPatternsPerConnection,
                maxReconnectDelay,
                compression);
    }

    /** A copy with another bound on the reconnect delay sent on shutdown. */
    public RealtimeSettings withMaxReconnectDelay(Duration delay) {
        return new RealtimeSettings(
                pingInterval,
                pongTimeout,
                maxMessagesPerSecond,
                maxFrameBytes,
                historyDepth,
                maxPatternsPerConnection,
                delay,
                compression);
    }

    /** A copy with compression on or off. */
    public RealtimeSettings withCompression(boolean enabled) {
        return new RealtimeSettings(
                pingInterval,
                pongTimeout,
                maxMessagesPerSecond,
                maxFrameBytes,
                historyDepth,
                maxPatternsPerConnection,
                maxReconnectDelay,
                enabled);
    }

    private static void positive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    private static void atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
    }
}
