package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.realtime.MutableClock;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.SecuritySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@link SettingsFileWatcher} reads the settings file on its own ({@code --settings-poll-interval}): one
 * interval of the test's ticker after the last poll, not before; never with polling off, where only {@code
 * reloadNow()} reads it. The ticker counts its reads, so the test knows the timer has looked at the moved time
 * before it checks that no poll ran.
 */
class SettingsFileWatcherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final LongSupplier ticker = () -> {
        reads.incrementAndGet();
        return now.get();
    };

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPollRuns_oneIntervalAfterTheLast_notBefore() throws IOException {
        try (SettingsFileWatcher watcher = watcher(Optional.of(Duration.ofMinutes(1)))) {
            moveAndLetTheTimerLook(Duration.ofSeconds(59));
            assertThat(watcher.polls()).isZero();

            now.addAndGet(Duration.ofSeconds(1).toNanos());
            await().atMost(TIMEOUT).until(() -> watcher.polls() == 1);

            moveAndLetTheTimerLook(Duration.ofSeconds(59));
            assertThat(watcher.polls()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            await().atMost(TIMEOUT).until(() -> watcher.polls() == 2);
        }
    }

    @Test
    void withPollingOff_noTimerRuns_butReloadNowStillReadsTheFile() throws Exception {
        try (SettingsFileWatcher watcher = watcher(Optional.empty())) {
            now.addAndGet(Duration.ofHours(1).toNanos());

            watcher.reloadNow().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            // A timer would have read the ticker when it started; none did.
            assertThat(reads.get()).isZero();
            assertThat(watcher.polls()).isZero();
        }
    }

    private SettingsFileWatcher watcher(Optional<Duration> interval) throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "port: 8888\n");
        CredentialsAuthorizer authorizer = new CredentialsAuthorizer(
                vertx,
                SecuritySettings.NONE,
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new SimpleMeterRegistry());
        // No open connections to check: the file's security section never changes here.
        return new SettingsFileWatcher(vertx, file, authorizer, null, new SimpleMeterRegistry(), interval, ticker);
    }

    /** Moves the ticker, then waits until the timer has read it at least twice since (so it saw the move). */
    private void moveAndLetTheTimerLook(Duration by) {
        now.addAndGet(by.toNanos());
        long seen = reads.get();
        await().atMost(TIMEOUT).until(() -> reads.get() >= seen + 2);
    }
}
