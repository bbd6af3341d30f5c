package dev.vortex.server.config;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The resolver threads: a fixed pool with a bounded queue (a full queue rejects the task, and the request that
 * wanted it gets a 503), which also lets background work wait until no request waits in the queue.
 *
 * <p>Why: work nobody asked for yet (resolving the keys key discovery found) must not sit in the queue ahead of
 * requests. Just after a start, when a fleet of services asks for its keys at once, it waits for a quiet moment
 * instead.
 */
final class ResolverPool extends ThreadPoolExecutor {
    /** The longest one wait lasts before the queue is looked at again, whatever the signals. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queueEmptied = lock.newCondition();

    ResolverPool(String name, int threads, int queueCapacity) {
        super(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                BoundedExecutors.daemonThreads(name),
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        if (getQueue().isEmpty()) {
            lock.lock();
            try {
                queueEmptied.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Blocks until no task waits in the queue (tasks may still be running), or until {@code timeoutNanos} have
     * passed. For background threads, never for an event loop.
     *
     * @return whether the queue was empty
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitEmptyQueue(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (!getQueue().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                queueEmptied.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
