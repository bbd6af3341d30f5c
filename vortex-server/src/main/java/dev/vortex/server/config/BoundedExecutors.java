package dev.vortex.server.config;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools for blocking work (file and Git reads) with a bounded queue: when the queue is full the
 * task is rejected, and the request that wanted it gets a 503, rather than memory growing without bound.
 */
final class BoundedExecutors {
    private BoundedExecutors() {}

    static ExecutorService create(String name, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                daemonThreads(name),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ... */
    static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
