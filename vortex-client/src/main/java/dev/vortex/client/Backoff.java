package dev.vortex.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** How long to wait before the next reconnection attempt. */
@FunctionalInterface
public interface Backoff {

    /**
     * The delay before attempt {@code attempt} (0 for the first retry after a loss).
     *
     * @param attempt how many attempts failed since the last good connection
     */
    Duration delay(int attempt);

    /**
     * Exponential backoff with full jitter (PROTOCOL.md: start 500 ms, cap 30 s): a uniformly random delay
     * between zero and {@code min(cap, base × 2^attempt)}, so a crowd of clients that lost the same server
     * does not come back at the same instant.
     */
    static Backoff fullJitter(Duration base, Duration cap) {
        return fullJitter(base, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@link #fullJitter(Duration, Duration)} with a given source of random numbers in {@code [0, 1)} (for
     * tests).
     */
    static Backoff fullJitter(Duration base, Duration cap, DoubleSupplier random) {
        Objects.requireNonNull(random, "random");
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the base " + base + ", was " + cap);
        }
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        return attempt -> {
            int shift = Math.min(Math.max(attempt, 0), 30);
            long ceiling = Math.min(capMillis, baseMillis << shift);
            if (ceiling < 0) {
                ceiling = capMillis;
            }
            return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
        };
    }

    /** PROTOCOL.md's default: full jitter from 500 ms, capped at 30 s. */
    static Backoff protocolDefault() {
        return fullJitter(Duration.ofMillis(500), Duration.ofSeconds(30));
    }
}
