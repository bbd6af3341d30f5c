package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directories, the platform's real watch service (inotify on Linux), real time with generous timeouts. */
class DirectoryWatcherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(100);

    @TempDir
    Path workDir;

    private Path config;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<DirectoryWatcher> watchers = new ArrayList<>();

    @BeforeEach
    void createDirectory() throws IOException {
        config = Files.createDirectories(workDir.resolve("config"));
    }

    @AfterEach
    void closeWatchers() {
        watchers.forEach(DirectoryWatcher::close);
    }

    private DirectoryWatcher watch(Path... directories) {
        return keep(DirectoryWatcher.start(List.of(directories), QUIET, calls::incrementAndGet));
    }

    private DirectoryWatcher keep(DirectoryWatcher watcher) {
        watchers.add(watcher);
        return watcher;
    }

    private void awaitCalls(int atLeast) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(calls).hasValueGreaterThanOrEqualTo(atLeast));
    }

    @Test
    void createdFile_triggersCallback() throws IOException {
        watch(config);

        Files.writeString(config.resolve("orders.yml"), "a: 1\n");

        awaitCalls(1);
    }

    @Test
    void modifiedFile_triggersCallback() throws IOException {
        Path file = Files.writeString(config.resolve("orders.yml"), "a: 1\n");
        watch(config);

        Files.writeString(file, "a: 2\n");

        awaitCalls(1);
    }

    @Test
    void deletedFile_triggersCallback() throws IOException {
        Path file = Files.writeString(config.resolve("orders.yml"), "a: 1\n");
        watch(config);

        Files.delete(file);

        awaitCalls(1);
    }

    @Test
    void fileInSubdirectoryPresentAtStart_triggersCallback() throws IOException {
        Path deep = Files.createDirectories(config.resolve("teams/payments/prod"));
        watch(config);

        Files.writeString(deep.resolve("payments.yml"), "a: 1\n");

        awaitCalls(1);
    }

    @Test
    void fileInNewlyCreatedSubdirectory_triggersCallback_afterTheDirectorysOwnCallback() throws IOException {
        watch(config);
        Path subdirectory = Files.createDirectories(config.resolve("orders"));
        awaitCalls(1);

        // Only a registration of the new directory can produce this second call.
        Files.writeString(subdirectory.resolve("orders.yml"), "a: 1\n");

        awaitCalls(2);
    }

    @Test
    void fileInNewlyCreatedNestedSubdirectory_triggersCallback() throws IOException {
        watch(config);
        Path nested = Files.createDirectories(config.resolve("a/b/c"));
        awaitCalls(1);

        Files.writeString(nested.resolve("orders.yml"), "a: 1\n");

        awaitCalls(2);
    }

    @Test
    void changeInAnyOfSeveralDirectories_triggersCallback() throws IOException {
        Path second = Files.createDirectories(workDir.resolve("second"));
        watch(config, second);

        Files.writeString(second.resolve("orders.yml"), "a: 1\n");

        awaitCalls(1);
    }

    @Test
    void burstOf50Writes_triggersFewCallbacks() throws IOException {
        watch(config);

        for (int i = 0; i < 50; i++) {
            Files.writeString(config.resolve("file-" + i + ".yml"), "a: " + i + "\n");
        }

        awaitCalls(1);
        await().during(Duration.ofMillis(1000)).atMost(TIMEOUT).untilAsserted(() -> assertThat(calls)
                .hasValueBetween(1, 5));
    }

    @Test
    void continuousWrites_triggerCallback_withinTheMaximumDelay() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        keep(DirectoryWatcher.start(
                List.of(config), Duration.ofMillis(500), Duration.ofMillis(1000), called::countDown));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean calledWhileWriting = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            Path file = config.resolve("busy.yml");
            long end = System.nanoTime() + TIMEOUT.toNanos();
            try {
                // A write every 50 ms never leaves the 500 ms quiet period: only the maximum delay can fire.
                for (int i = 0; called.getCount() > 0 && System.nanoTime() < end; i++) {
                    Files.writeString(file, "a: " + i + "\n");
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                calledWhileWriting.set(called.getCount() == 0);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                writing.set(false);
            }
        });
        writer.start();

        assertThat(called.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        writer.join(TIMEOUT.toMillis());
        assertThat(writing).isFalse();
        assertThat(calledWhileWriting).isTrue();
    }

    @Test
    void throwingCallback_isLogged_andWatchingGoesOn() throws IOException {
        keep(DirectoryWatcher.start(List.of(config), QUIET, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("callback failure (expected by the test)");
        }));

        Files.writeString(config.resolve("first.yml"), "a: 1\n");
        awaitCalls(1);
        Files.writeString(config.resolve("second.yml"), "a: 1\n");

        awaitCalls(2);
    }

    @Test
    void close_stopsCallbacks_promptly() throws IOException {
        DirectoryWatcher closed = watch(config);
        // A control with a much longer quiet period: by the time it is called, the closed one would have been.
        AtomicInteger controlCalls = new AtomicInteger();
        keep(DirectoryWatcher.start(
                List.of(config), Duration.ofMillis(800), Duration.ofMillis(800), controlCalls::incrementAndGet));

        long start = System.nanoTime();
        closed.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        Files.writeString(config.resolve("orders.yml"), "a: 1\n");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(controlCalls).hasValue(1));
        assertThat(calls).hasValue(0);
    }

    @Test
    void close_isIdempotent_andAllowedFromTheCallback() throws IOException {
        CountDownLatch called = new CountDownLatch(1);
        DirectoryWatcher[] self = new DirectoryWatcher[1];
        self[0] = keep(DirectoryWatcher.start(List.of(config), QUIET, () -> {
            self[0].close();
            called.countDown();
        }));

        Files.writeString(config.resolve("orders.yml"), "a: 1\n");

        await().atMost(TIMEOUT).until(() -> called.getCount() == 0);
        self[0].close();
    }

    @Test
    void vanishedSubdirectory_isNotFatal() throws IOException {
        Path subdirectory = Files.createDirectories(config.resolve("orders"));
        Files.writeString(subdirectory.resolve("orders.yml"), "a: 1\n");
        watch(config);

        deleteTree(subdirectory);
        awaitCalls(1);
        Files.writeString(config.resolve("other.yml"), "a: 1\n");

        awaitCalls(2);
    }

    @Test
    void vanishedRoot_isWatchedAgain_onceItComesBack() throws IOException {
        watch(config);

        deleteTree(config);
        awaitCalls(1);
        Files.createDirectories(config);
        // Coming back counts as a change by itself; wait for it so that the next call proves re-registration.
        awaitCalls(2);
        Files.writeString(config.resolve("orders.yml"), "a: 1\n");

        awaitCalls(3);
    }

    @Test
    void start_refusesMissingDirectory_namingIt() {
        Path missing = workDir.resolve("missing");

        assertThatThrownBy(() -> DirectoryWatcher.start(List.of(missing), calls::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void start_refusesMaxDelayShorterThanQuietPeriod() {
        assertThatThrownBy(() -> DirectoryWatcher.start(
                        List.of(config), Duration.ofSeconds(1), Duration.ofMillis(10), calls::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0.01S");
    }

    @Test
    void start_withLongQuietPeriod_raisesTheMaximumDelayToMatch() {
        DirectoryWatcher watcher =
                keep(DirectoryWatcher.start(List.of(config), Duration.ofSeconds(5), calls::incrementAndGet));

        assertThat(watcher.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void start_withShortQuietPeriod_keepsTheDefaultMaximumDelay() {
        DirectoryWatcher watcher = keep(DirectoryWatcher.start(List.of(config), QUIET, calls::incrementAndGet));

        assertThat(watcher.maxDelay()).isEqualTo(DirectoryWatcher.DEFAULT_MAX_DELAY);
    }

    @Test
    void givenTicker_timesTheQuietPeriod_notTheWallClock() throws IOException {
        AtomicLong ticker = new AtomicLong();
        keep(DirectoryWatcher.start(
                List.of(config), QUIET, Duration.ofSeconds(1), calls::incrementAndGet, ticker::get));

        Files.writeString(config.resolve("app.yml"), "a: 1\n");

        // Many quiet periods of wall time pass, but not on the ticker: the burst is not over yet.
        await().during(QUIET.multipliedBy(5)).atMost(TIMEOUT).untilAsserted(() -> assertThat(calls)
                .hasValue(0));
        // Then the ticker moves past the quiet period (again, should the event have come late).
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ticker.addAndGet(QUIET.toNanos());
            assertThat(calls).hasPositiveValue();
        });
    }

    @Test
    void start_withoutTicker_isRefusedByName() {
        assertThatThrownBy(() -> DirectoryWatcher.start(List.of(config), QUIET, QUIET, calls::incrementAndGet, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticker");
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
