package dev.vortex.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts authentication failures per client address and says how long to hold the answer to the latest one
 * (see {@link FailureDelaySettings}): password and key guessing from one address slows to a crawl, while other
 * addresses, and successful requests, are not affected.
 *
 * <p>Thread-safe: the counts live in a Caffeine cache (bounded in size, each entry expiring a window after its
 * last failure), updated atomically. Time comes from the given clock, so tests move it instead of waiting; a
 * step of the wall clock only shifts when a count is forgotten. The caller holds the answer (on a Vert.x timer,
 * never by sleeping).
 */
public final class FailureDelay {
    private final FailureDelaySettings settings;
    private final Cache<String, Integer> failures;

    /**
     * @param settings the thresholds and delays
     * @param clock the clock windows are measured by
     */
    public FailureDelay(FailureDelaySettings settings, Clock clock) {
        this.settings = settings;
        this.failures = Caffeine.newBuilder()
                .maximumSize(settings.maxAddresses())
                .expireAfterWrite(settings.window())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evictions run on the caller's thread: no background task, deterministic under a test's clock.
                .executor(Runnable::run)
                .build();
    }

    /**
     * Records a failed attempt from {@code address}.
     *
     * @return how long to hold its answer: zero until the address has failed more than {@code after} times
     */
    public Duration failed(String address) {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        int count = failures.asMap().merge(address, 1, Integer::sum);
        int excess = count - settings.after();
        if (excess <= 0) {
            return Duration.ZERO;
        }
        long first = settings.firstDelay().toMillis();
        long max = settings.maxDelay().toMillis();
        // Doubling from the first delay; the shift is bounded so that it cannot overflow before the cap.
        long delay = first << Math.min(excess - 1, 20);
        return Duration.ofMillis(Math.min(delay, max));
    }

    /**
     * The key the failures of a client are counted under: its IP address as {@link
     * java.net.InetAddress#getHostAddress()} writes it (as Vert.x's {@code SocketAddress.hostAddress()} does for
     * HTTP requests), so that HTTP requests and WebSocket messages from one client share a count.
     */
    public static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "unknown";
    }

    /** How many failures of {@code address} are remembered (for tests and diagnostics). */
    int failures(String address) {
        Integer count = failures.getIfPresent(address);
        return count == null ? 0 : count;
    }
}
