package dev.vortex.server.backplane;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnection delays with exponential backoff and full jitter: a random delay between zero and
 * {@code min(max, base * 2^attempt)}, so that instances cut off by one Redis restart do not all come back in
 * the same millisecond. Not thread-safe: one per reconnecting loop.
 */
final class FullJitterBackoff {
    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    FullJitterBackoff(Duration base, Duration max) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
    }

    /** The delay before the next attempt; each call doubles the ceiling up to the maximum. */
    long nextDelayMillis() {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        attempt++;
        return 1 + ThreadLocalRandom.current().nextLong(ceiling);
    }

    /** Whether the last connection attempt followed a failure. */
    boolean retrying() {
        return attempt > 0;
    }

    /** Starts over after a success. */
    void reset() {
        attempt = 0;
    }
}
