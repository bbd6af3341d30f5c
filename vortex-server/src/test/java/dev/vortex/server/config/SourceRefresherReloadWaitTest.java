package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.Environment;
import dev.vortex.sources.ForwardingConfigSource;
import dev.vortex.sources.NativeConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change whose re-resolutions outlast the refresh's wait (a very large fleet, a slow source) is still announced to
 * the other instances, and its re-resolutions still complete, in the background. The refresh used to give up on
 * the announcement (and key discovery) when the wait ran out.
 */
class SourceRefresherReloadWaitTest {
    @TempDir
    Path dir;

    @Test
    void aReloadThatOutlastsTheWait_isAnnouncedAnyway_andCompletesLater() throws Exception {
        Files.writeString(dir.resolve("orders.yml"), "orders:\n  max-items: 1\n");
        GatedSource source = new GatedSource(NativeConfigSource.of(dir));
        Vertx vertx = Vertx.vertx();
        AtomicInteger announced = new AtomicInteger();
        CountDownLatch toldOfTheChange = new CountDownLatch(1);
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 100, new SimpleMeterRegistry());
                SourceRefresher refresher = new SourceRefresher(
                        vertx,
                        source,
                        cache,
                        () -> {},
                        announced::incrementAndGet,
                        new SimpleMeterRegistry(),
                        Duration.ofMillis(200))) {
            ConfigKey key = cache.key("orders", "default", null);
            cache.track(
                    config -> {
                        if (Integer.valueOf(2).equals(config.merged().get("orders.max-items"))) {
                            toldOfTheChange.countDown();
                        }
                    },
                    () -> List.of(key));
            cache.get(key).get(10, TimeUnit.SECONDS);
            refresher.refreshNow();

            source.holdResolutions();
            Files.writeString(dir.resolve("orders.yml"), "orders:\n  max-items: 2\n");
            Files.setLastModifiedTime(
                    dir.resolve("orders.yml"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            refresher.refreshNow();

            assertThat(announced)
                    .as("announced while the re-resolution is held")
                    .hasValue(1);
            assertThat(toldOfTheChange.getCount()).isEqualTo(1);
            source.release();
            assertThat(toldOfTheChange.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            source.release();
            vertx.close();
        }
    }

    /** Holds every resolution, once armed, until released. */
    private static final class GatedSource extends ForwardingConfigSource {
        private final AtomicBoolean holding = new AtomicBoolean();
        private final CountDownLatch released = new CountDownLatch(1);

        GatedSource(NativeConfigSource delegate) {
            super(delegate);
        }

        void holdResolutions() {
            holding.set(true);
        }

        void release() {
            released.countDown();
        }

        @Override
        public Environment find(String application, String profiles, String label) {
            if (holding.get()) {
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.find(application, profiles, label);
        }
    }
}
