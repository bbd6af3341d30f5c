package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.sources.NativeConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache and its listener: what a listener hears of is what the cache serves from then on. */
class ResolvedConfigCacheTest {
    @TempDir
    Path repository;

    /**
     * Pins a race found between a push and an HTTP read: a re-resolution was announced (and pushed) before the
     * cache held it, so a client told of a change and asking over HTTP at once could get the config it replaced.
     */
    @Test
    void aReResolution_isInTheCache_beforeTheListenerHearsOfIt() throws Exception {
        write("orders:\n  max-items: 50\n");
        try (ResolvedConfigCache cache =
                new ResolvedConfigCache(NativeConfigSource.of(repository), 100, new SimpleMeterRegistry())) {
            ConfigKey key = cache.key("orders", "prod", null);
            List<String> servedWhenAnnounced = new CopyOnWriteArrayList<>();
            List<String> announced = new CopyOnWriteArrayList<>();
            cache.track(
                    config -> {
                        announced.add(config.version());
                        ResolvedConfig served = cache.get(key).getNow(null);
                        // A first resolution is announced from the loader: its future is not complete yet.
                        servedWhenAnnounced.add(served == null ? "(loading)" : served.version());
                    },
                    () -> List.of(key));

            String first = cache.get(key).get(10, TimeUnit.SECONDS).version();
            write("orders:\n  max-items: 51\n");
            cache.reloadTracked();
            String second = waitForAnnouncements(announced, 2);

            assertThat(second).isNotEqualTo(first);
            assertThat(servedWhenAnnounced).containsExactly("(loading)", second);
            assertThat(cache.get(key).get(10, TimeUnit.SECONDS).version()).isEqualTo(second);
        }
    }

    /**
     * A re-resolution that finds the environment the cache holds is still a newer resolution (cached, announced,
     * with a higher sequence) but shares the Environment JSON and the version instead of building them again; one
     * that finds another environment builds its own.
     */
    @Test
    void aReResolutionOfTheSameEnvironment_isNewer_butSharesWhatWasBuilt() throws Exception {
        write("orders:\n  max-items: 50\n");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ResolvedConfigCache cache = new ResolvedConfigCache(NativeConfigSource.of(repository), 100, registry)) {
            ConfigKey key = cache.key("orders", "prod", null);
            List<ResolvedConfig> announced = new CopyOnWriteArrayList<>();
            cache.track(announced::add, () -> List.of(key));
            ResolvedConfig first = cache.get(key).get(10, TimeUnit.SECONDS);
            String version = first.version();
            double hits = cacheHits(registry);

            cache.reloadTracked();
            waitForAnnouncements(announced, 2);
            cache.invalidate(key);
            waitForAnnouncements(announced, 3);
            write("orders:\n  max-items: 510\n");
            cache.reloadTracked();
            waitForAnnouncements(announced, 4);

            // The re-resolutions' looks at the held config are not requests: the hit rate is the requests' alone.
            assertThat(cacheHits(registry)).isEqualTo(hits);
            ResolvedConfig reloaded = announced.get(1);
            ResolvedConfig dropped = announced.get(2);
            ResolvedConfig changed = announced.get(3);
            assertThat(reloaded.sequence()).isGreaterThan(first.sequence());
            assertThat(dropped.sequence()).isGreaterThan(reloaded.sequence());
            assertThat(List.of(reloaded, dropped)).allSatisfy(again -> {
                assertThat(again).isNotSameAs(first);
                assertThat(again.environmentJson()).isSameAs(first.environmentJson());
                assertThat(again.version()).isSameAs(version);
            });
            assertThat(changed.environmentJson()).isNotSameAs(first.environmentJson());
            assertThat(changed.version()).isNotEqualTo(version);
            assertThat(cache.get(key).get(10, TimeUnit.SECONDS)).isSameAs(changed);
        }
    }

    private static double cacheHits(SimpleMeterRegistry registry) {
        return registry.get("cache.gets").tag("result", "hit").functionCounter().count();
    }

    private void write(String yaml) throws IOException {
        Files.writeString(repository.resolve("orders.yml"), yaml);
    }

    private static <T> T waitForAnnouncements(List<T> announced, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (announced.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(announced).hasSize(count);
        return announced.get(count - 1);
    }
}
