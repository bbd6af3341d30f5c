package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolverPoolTest {
    private final ResolverPool pool = new ResolverPool("test-resolver", 1, 2);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private void submitBlocked() {
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void anEmptyQueue_doesNotMakeTheCallerWait() throws InterruptedException {
        assertThat(pool.awaitEmptyQueue(0)).isTrue();
    }

    @Test
    void aTaskWaitingInTheQueue_holdsTheCallerUntilTheTimeout() throws InterruptedException {
        submitBlocked();
        submitBlocked();

        assertThat(pool.awaitEmptyQueue(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
    }

    @Test
    void theCallerGoesOnOnceTheQueuedTasksHaveRun() throws Exception {
        submitBlocked();
        submitBlocked();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.awaitEmptyQueue(TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });

        release.countDown();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFullQueue_rejectsTheTask() {
        submitBlocked();
        submitBlocked();
        submitBlocked();

        assertThatThrownBy(this::submitBlocked).isInstanceOf(RejectedExecutionException.class);
    }
}
