package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.NativeConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a refresh tells the other instances: a catch-up (after another instance's entry) announces nothing, but
 * the commits it fetched are announced by the next refresh of this instance's own, even if that finds nothing
 * new: changes of keys only HTTP clients ask for are not published, so nothing else would carry them.
 */
class SourceRefresherAnnouncementTest {
    @TempDir
    Path dir;

    @Test
    void whatACatchUpFetched_isAnnouncedByTheNextOwnRefresh_once() throws Exception {
        Files.writeString(dir.resolve("orders.yml"), "orders:\n  max-items: 1\n");
        Vertx vertx = Vertx.vertx();
        ConfigSource source = NativeConfigSource.of(dir);
        AtomicInteger announced = new AtomicInteger();
        AtomicReference<CountDownLatch> changed = new AtomicReference<>(new CountDownLatch(1));
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 100, new SimpleMeterRegistry());
                SourceRefresher refresher = new SourceRefresher(
                        vertx,
                        source,
                        cache,
                        () -> changed.get().countDown(),
                        announced::incrementAndGet,
                        new SimpleMeterRegistry())) {
            refresher.refreshNow();
            assertThat(announced).hasValue(0);

            // Another instance's entry: this one catches up, and its fetch brings a change nobody announced (a new
            // file, so that the refresh runs key discovery, which tells the test that it is over).
            changed.set(new CountDownLatch(1));
            Files.writeString(dir.resolve("orders-prod.yml"), "orders:\n  max-items: 22222\n");
            refresher.catchUpSoon();
            assertThat(changed.get().await(30, TimeUnit.SECONDS)).isTrue();
            // refreshNow waits for the catch-up under way, then finds nothing new: it says the source moved.
            refresher.refreshNow();
            assertThat(announced).hasValue(1);
            // Once only.
            refresher.refreshNow();
            assertThat(announced).hasValue(1);
        } finally {
            vertx.close();
        }
    }
}
