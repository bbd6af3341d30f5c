package dev.vortex.server.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a poll every {@code interval} of an injected ticker, never two at once: what the watchers of files read
 * again while serving (the settings file, the TLS certificate and key) share. The first poll is due one
 * interval after the start.
 *
 * <p>Threading: a Vert.x timer samples the ticker every {@code samplePeriod} of wall time (so a test moves the
 * ticker instead of waiting for the interval) and, when a poll is due and none is under way, starts it on the
 * timer's event loop; the poll itself must move blocking work to a worker thread. The next poll waits until
 * the future of the one under way completes, whose completion also publishes to the next poll the state the
 * last one left.
 */
public final class TickerPoll implements AutoCloseable {
    private final LongSupplier ticker;
    private final long intervalNanos;
    private final Supplier<Future<?>> poll;
    private final Vertx vertx;
    private final long timer;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();
    private volatile long nextPoll;

    private TickerPoll(
            Vertx vertx, Duration interval, Duration samplePeriod, LongSupplier ticker, Supplier<Future<?>> poll) {
        this.vertx = vertx;
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
        this.poll = poll;
        this.nextPoll = ticker.getAsLong() + intervalNanos;
        this.timer = vertx.setPeriodic(Math.max(1, samplePeriod.toMillis()), id -> sample());
    }

    /**
     * Starts the timer.
     *
     * @param vertx where the timer comes from
     * @param interval the time between polls, by the ticker
     * @param samplePeriod how often, in wall time, the ticker is looked at (at least one millisecond)
     * @param ticker nanoseconds, as {@link System#nanoTime()}: the time the interval is measured in
     * @param poll starts one poll; the future completes (either way) when it is over
     * @return the running poll, to {@link #close()}
     */
    public static TickerPoll start(
            Vertx vertx, Duration interval, Duration samplePeriod, LongSupplier ticker, Supplier<Future<?>> poll) {
        return new TickerPoll(vertx, interval, samplePeriod, ticker, poll);
    }

    private void sample() {
        long now = ticker.getAsLong();
        if (now - nextPoll < 0 || !polling.compareAndSet(false, true)) {
            return;
        }
        nextPoll = now + intervalNanos;
        poll.get().onComplete(done -> {
            polls.incrementAndGet();
            polling.set(false);
        });
    }

    /** The polls the timer ran to their end so far: tests wait for the next one instead of for a time. */
    public long polls() {
        return polls.get();
    }

    /** Stops the timer; a poll under way finishes on its own. */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
