package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Re-resolutions a few at a time: never more under way than the width, none dropped when the pool refuses one. */
class PacedReloadsTest {

    @Test
    void atMostWidthItemsAreUnderWay_andTheNextStartsAsOneEnds() throws Exception {
        List<CompletableFuture<Void>> underWay = new CopyOnWriteArrayList<>();
        List<Integer> started = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> run = new PacedReloads(3, () -> false).run(items(10), item -> {
            started.add(item);
            CompletableFuture<Void> work = new CompletableFuture<>();
            underWay.add(work);
            return work;
        });

        assertThat(started).containsExactly(0, 1, 2);
        underWay.get(1).complete(null);
        assertThat(started).containsExactly(0, 1, 2, 3);
        for (int i = 0; i < 10 && !run.isDone(); i++) {
            List.copyOf(underWay).forEach(work -> work.complete(null));
        }
        assertThat(run).isCompleted();
        assertThat(started).containsExactlyElementsOf(items(10));
    }

    @Test
    void anItemThePoolRefuses_isOfferedAgain_notDropped() throws Exception {
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<Integer> done = new CopyOnWriteArrayList<>();

        new PacedReloads(2, () -> false)
                .run(items(6), item -> {
                    // Every odd item is refused twice, as by a queue that requests keep full for a while.
                    if (item % 2 == 1
                            && attempts.computeIfAbsent(item, i -> new AtomicInteger())
                                            .incrementAndGet()
                                    <= 2) {
                        throw new RejectedExecutionException("busy");
                    }
                    done.add(item);
                    return CompletableFuture.completedFuture(null);
                })
                .get(10, TimeUnit.SECONDS);

        assertThat(done).containsExactlyInAnyOrderElementsOf(items(6));
        assertThat(attempts.get(3)).hasValue(3);
    }

    @Test
    void aClosedPool_endsTheRun_insteadOfRetryingForever() throws Exception {
        AtomicBoolean closed = new AtomicBoolean(true);

        CompletableFuture<Void> run = new PacedReloads(2, closed::get).run(items(5), item -> {
            throw new RejectedExecutionException("closed");
        });

        run.get(10, TimeUnit.SECONDS);
    }

    @Test
    void manyItemsWithNothingToDo_runInALoop_notOneNestedCallEach() throws Exception {
        AtomicInteger count = new AtomicInteger();

        new PacedReloads(1, () -> false)
                .run(items(200_000), item -> {
                    count.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                })
                .get(10, TimeUnit.SECONDS);

        assertThat(count).hasValue(200_000);
    }

    @Test
    void failedWork_doesNotStopTheRest() throws Exception {
        List<Integer> started = new CopyOnWriteArrayList<>();

        new PacedReloads(2, () -> false)
                .run(items(4), item -> {
                    started.add(item);
                    return CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("broken file");
                    });
                })
                .get(10, TimeUnit.SECONDS);

        assertThat(started).containsExactlyInAnyOrderElementsOf(items(4));
    }

    private static List<Integer> items(int count) {
        return new ArrayList<>(IntStream.range(0, count).boxed().toList());
    }
}
