package dev.vortex.server.realtime;

/**
 * The inbound message limit of one connection, in fixed one-second windows: cheap, and enough to stop a
 * flood. Only back-to-back windows over the limit count as sustained; an idle second in between resets the
 * count, and the third window over the limit in a row is a flood.
 *
 * <p>Not thread-safe: one per session, used on its event loop. Time comes in as an argument, so that tests
 * drive it.
 */
final class InboundRateLimit {
    /** What to do with one inbound message. */
    enum Verdict {
        /** Within the limit: handle it. */
        ALLOWED,
        /** The first message over the limit in this window: drop it and tell the client. */
        FIRST_DROPPED,
        /** Over the limit, already told: drop it silently. */
        DROPPED,
        /** Over the limit for the third window in a row: close the connection. */
        FLOOD
    }

    private static final long WINDOW_MILLIS = 1000;
    private static final int WINDOWS_OVER_LIMIT_BEFORE_FLOOD = 2;

    private final int maxPerSecond;
    private long windowStartMillis;
    private int windowCount;
    private int windowsOverLimit;

    /**
     * @param maxPerSecond messages allowed per window
     * @param nowMillis when the first window starts
     */
    InboundRateLimit(int maxPerSecond, long nowMillis) {
        this.maxPerSecond = maxPerSecond;
        this.windowStartMillis = nowMillis;
    }

    /** Counts one message received at {@code nowMillis} and says what to do with it. */
    Verdict admit(long nowMillis) {
        if (nowMillis - windowStartMillis >= WINDOW_MILLIS) {
            boolean consecutive = nowMillis - windowStartMillis < 2 * WINDOW_MILLIS;
            windowsOverLimit = consecutive && windowCount > maxPerSecond ? windowsOverLimit + 1 : 0;
            windowStartMillis = nowMillis;
            windowCount = 0;
        }
        windowCount++;
        if (windowCount <= maxPerSecond) {
            return Verdict.ALLOWED;
        }
        if (windowsOverLimit >= WINDOWS_OVER_LIMIT_BEFORE_FLOOD) {
            return Verdict.FLOOD;
        }
        return windowCount == maxPerSecond + 1 ? Verdict.FIRST_DROPPED : Verdict.DROPPED;
    }
}
