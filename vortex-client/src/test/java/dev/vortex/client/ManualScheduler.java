package dev.vortex.client;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: it records each task with its delay, and the test runs them
 * when it likes. Time is whatever the test says, so backoff delays are checked exactly, without sleeping.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** A task and the delay it was scheduled with. */
    static final class Task implements ScheduledFuture<Object> {
        final long delayMillis;
        private final Runnable command;
        private volatile boolean cancelled;
        private volatile boolean done;

        Task(long delayMillis, Runnable command) {
            this.delayMillis = delayMillis;
            this.command = command;
        }

        /** Runs the task now, unless it was cancelled. */
        void run() {
            if (!cancelled) {
                command.run();
            }
            done = true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(delayMillis, other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();

    /** The next task scheduled with a delay other than {@code ignoredDelayMillis}, waiting up to 20 s. */
    Task next(long ignoredDelayMillis) throws InterruptedException {
        while (true) {
            Task task = tasks.poll(20, TimeUnit.SECONDS);
            if (task == null) {
                throw new AssertionError("nothing was scheduled within 20 s");
            }
            if (task.delayMillis != ignoredDelayMillis && !task.isCancelled()) {
                return task;
            }
            if (task.delayMillis == 0) {
                task.run();
            }
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(unit.toMillis(delay), command);
        if (task.delayMillis == 0) {
            // Immediate work (cache writes) runs at once.
            task.run();
            return task;
        }
        tasks.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
