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

    /** How often each connection is pinged, unless set. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    /** How long a pinged connection may stay silent, unless set. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    /** Inbound messages per connection and second, unless set. */
    public static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 100;
    /** The largest inbound message, unless set. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Configs remembered per key, unless set. */
    public static final int DEFAULT_HISTORY_DEPTH = 16;
    /** Patterns per connection, unless set. */
    public static final int DEFAULT_MAX_PATTERNS_PER_CONNECTION = 100;
    /** The bound of the reconnect delay sent on shutdown, unless set. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(5);
    /** Whether {@code permessage-deflate} is answered, unless set. */
    public static final boolean DEFAULT_COMPRESSION = true;

    /** PROTOCOL.md's defaults. */
    public static final RealtimeSettings DEFAULTS = builder().build();

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

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .pingInterval(pingInterval)
                .pongTimeout(pongTimeout)
                .maxMessagesPerSecond(maxMessagesPerSecond)
                .maxFrameBytes(maxFrameBytes)
                .historyDepth(historyDepth)
                .maxPatternsPerConnection(maxPatternsPerConnection)
                .maxReconnectDelay(maxReconnectDelay)
                .compression(compression);
    }

    /** Builds {@link RealtimeSettings}; every value starts at its default and is checked by {@link #build()}. */
    public static final class Builder {
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
        private int maxMessagesPerSecond = DEFAULT_MAX_MESSAGES_PER_SECOND;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int historyDepth = DEFAULT_HISTORY_DEPTH;
        private int maxPatternsPerConnection = DEFAULT_MAX_PATTERNS_PER_CONNECTION;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
        private boolean compression = DEFAULT_COMPRESSION;

        private Builder() {}

        /** How often the server pings each connection. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        /** How long after a ping a connection may stay silent before it is closed (1001). */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = timeout;
            return this;
        }

        /** Inbound messages allowed per connection and second. */
        public Builder maxMessagesPerSecond(int messages) {
            this.maxMessagesPerSecond = messages;
            return this;
        }

        /** The largest inbound message; larger ones close the connection (1009). */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Configs remembered per key, for diffs on resume. */
        public Builder historyDepth(int depth) {
            this.historyDepth = depth;
            return this;
        }

        /** Subscription patterns one connection may hold. */
        public Builder maxPatternsPerConnection(int patterns) {
            this.maxPatternsPerConnection = patterns;
            return this;
        }

        /** The upper bound of the jittered {@code reconnect_after_ms} sent on shutdown. */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = delay;
            return this;
        }

        /** Whether {@code permessage-deflate} is answered to clients that offer it. */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first bad value
         */
        public RealtimeSettings build() {
            return new RealtimeSettings(
                    pingInterval,
                    pongTimeout,
                    maxMessagesPerSecond,
                    maxFrameBytes,
                    historyDepth,
                    maxPatternsPerConnection,
                    maxReconnectDelay,
                    compression);
        }
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
