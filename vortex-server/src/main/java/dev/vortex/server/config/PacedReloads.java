package dev.vortex.server.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs the re-resolutions that one source change or one drop asks for a few at a time, instead of handing them all
 * to the resolver pool at once.
 *
 * <p>Why: the pool's queue is bounded (1,000), and a full queue refuses work: a request then gets a 503. A change
 * that reaches thousands of keys (an edit of {@code application.yml} in a large fleet) used to fill it, so that the
 * requests arriving meanwhile were refused, and the re-resolutions beyond it were dropped: the followed keys among
 * them never told their WebSocket clients of the change. Here at most {@code width} re-resolutions of one run wait
 * or run at a time (requests find room in the queue and wait behind a handful of them at most), the next starting as
 * one ends; one that the pool still refuses (requests filled the queue) is tried again {@link #RETRY_DELAY_MILLIS}
 * later, never dropped, until the pool is closed.
 *
 * <p>Thread-safe; never blocks: each re-resolution is started from the thread that ended the one before it.
 */
final class PacedReloads {
    /** The pause before a re-resolution that the pool refused is offered again. */
    static final long RETRY_DELAY_MILLIS = 20;

    private static final Executor RETRY = CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);

    private final int width;
    private final BooleanSupplier closed;

    /**
     * @param width how many re-resolutions of one run may wait or run at a time (the resolver threads: enough to
     *     keep them busy)
     * @param closed whether the pool is closed: refused work is then given up, not retried
     */
    PacedReloads(int width, BooleanSupplier closed) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1: " + width);
        }
        this.width = width;
        this.closed = Objects.requireNonNull(closed, "closed");
    }

    /**
     * Starts {@code start} for every item, at most {@code width} at a time.
     *
     * @param items what to re-resolve, in order
     * @param start submits one item's work to the pool and returns its completion; throws {@link
     *     RejectedExecutionException} when the pool refuses it
     * @return completes when every item's work has completed (successfully or not)
     */
    <T> CompletableFuture<Void> run(List<T> items, Function<T, CompletableFuture<?>> start) {
        Run<T> run = new Run<>(items.iterator(), start);
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(width, items.size()); i++) {
            CompletableFuture<Void> lane = new CompletableFuture<>();
            lanes.add(lane);
            run.continueWith(run.next(), lane);
        }
        return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
    }

    /** One call of {@link #run}: the items left, shared by its lanes. */
    private final class Run<T> {
        private final Iterator<T> items;
        private final Function<T, CompletableFuture<?>> start;

        Run(Iterator<T> items, Function<T, CompletableFuture<?>> start) {
            this.items = items;
            this.start = start;
        }

        /** The next item, or {@code null} when none is left. */
        synchronized T next() {
            return items.hasNext() ? items.next() : null;
        }

        /**
         * Starts {@code item}, then the items after it as each ends, until none is left or one is under way. A loop,
         * not a chain of callbacks, for work that completes at once (nothing to re-resolve): a long run of those
         * would otherwise nest one call per item.
         */
        void continueWith(T item, CompletableFuture<Void> lane) {
            T current = item;
            while (current != null) {
                CompletableFuture<?> started;
                try {
                    started = start.apply(current);
                } catch (RejectedExecutionException busy) {
                    if (closed.getAsBoolean()) {
                        lane.complete(null);
                        return;
                    }
                    T refused = current;
                    CompletableFuture.runAsync(() -> continueWith(refused, lane), RETRY);
                    return;
                }
                if (!started.isDone()) {
                    started.whenComplete((result, failure) -> continueWith(next(), lane));
                    return;
                }
                current = next();
            }
            lane.complete(null);
        }
    }
}
