package dev.vortex.server.security;

import java.time.Duration;
import java.util.Objects;

/**
 * How repeated authentication failures from one address are slowed down ({@code security.failure-delay}):
 * once an address has failed {@code after} times, each further failure is answered {@code firstDelay} later,
 * doubling at each failure up to {@code maxDelay}. An address is forgotten {@code window} after its last
 * failure. Successful requests are never delayed.
 *
 * @param enabled whether failures are slowed down at all
 * @param after how many failures from one address are answered at once
 * @param window how long after its last failure an address's count is kept
 * @param firstDelay the delay of the first slowed-down answer
 * @param maxDelay the longest delay
 * @param maxAddresses the most addresses remembered (the least recently failing are forgotten first), so that
 *     memory stays bounded however many addresses fail
 */
public record FailureDelaySettings(
        boolean enabled, int after, Duration window, Duration firstDelay, Duration maxDelay, int maxAddresses) {
    /** The defaults: after 5 failures within a minute of each other, 250 ms doubling up to 2 s. */
    public static final FailureDelaySettings DEFAULT = new FailureDelaySettings(
            true, 5, Duration.ofMinutes(1), Duration.ofMillis(250), Duration.ofSeconds(2), 10_000);

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public FailureDelaySettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (after < 0) {
            throw new IllegalArgumentException("security.failure-delay.after must be >= 0, not " + after);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "security.failure-delay.window-seconds must be > 0, not " + window.toSeconds());
        }
        if (firstDelay.isNegative() || firstDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("security.failure-delay.first-delay-millis (" + firstDelay.toMillis()
                    + ") must be between 0 and max-delay-millis (" + maxDelay.toMillis() + ")");
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException(
                    "security.failure-delay.max-addresses must be >= 1, not " + maxAddresses);
        }
    }
}
