package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.Environment;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.crypto.EnvironmentDecryptor;
import dev.vortex.server.crypto.KeyRing;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.ForwardingConfigSource;
import dev.vortex.sources.NativeConfigSource;
import dev.vortex.sources.SourceChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

    /**
     * Two re-resolutions of one key finishing out of order: the one that read the files first must not replace the
     * newer one in the cache (it used to, and the older content was served until the next change).
     */
    @Test
    void anOlderReResolution_finishingLast_doesNotReplaceTheNewerOne() throws Exception {
        write("orders:\n  max-items: 50\n");
        GatedSource source = new GatedSource(NativeConfigSource.of(repository));
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 100, new SimpleMeterRegistry())) {
            ConfigKey key = cache.key("orders", "prod", null);
            List<ResolvedConfig> announced = new CopyOnWriteArrayList<>();
            cache.track(announced::add, () -> List.of(key));
            cache.get(key).get(10, TimeUnit.SECONDS);
            waitForAnnouncements(announced, 1);

            source.holdNextAfterReading();
            CompletableFuture<Void> older = cache.reload(SourceChange.all()); // reads max-items 50, then waits
            assertThat(source.reading.await(10, TimeUnit.SECONDS)).isTrue();
            write("orders:\n  max-items: 51\n");
            cache.reload(SourceChange.all()).get(10, TimeUnit.SECONDS); // reads 51 and finishes first
            source.release.countDown();
            older.get(10, TimeUnit.SECONDS);

            assertThat(cache.get(key).get(10, TimeUnit.SECONDS).environment().mergedProperties())
                    .containsEntry("orders.max-items", 51);
            assertThat(announced)
                    .extracting(
                            config -> config.environment().mergedProperties().get("orders.max-items"))
                    .containsExactly(50, 51);
        }
    }

    /**
     * A config into which the server decrypted {@code {cipher}} values says so (the backplane keeps such configs
     * out of Redis); one without, or with decryption off, does not; an edit from plain text to a ciphertext of
     * the same value is not taken for the held config again.
     */
    @Test
    void aConfigWithDecryptedValues_isMarkedDecrypted() throws Exception {
        // "s3cret é", by Spring Security's Encryptors.text("vortex-test-key", "deadbeef") (EnvironmentDecryptorTest).
        String cipher = "d385439fc46a909cf0745e3ecabee5cf0e4cb9fb3ccc220e1dcda87e56ccc03e";
        EncryptionSettings settings =
                new EncryptionSettings(Optional.of("vortex-test-key"), "deadbeef", Optional.empty(), true);
        write("orders:\n  password: 's3cret é'\n");
        try (ResolvedConfigCache cache = new ResolvedConfigCache(
                NativeConfigSource.of(repository),
                100,
                new SimpleMeterRegistry(),
                EnvironmentDecryptor.of(settings, KeyRing.of(settings)))) {
            ConfigKey key = cache.key("orders", "prod", null);
            List<ResolvedConfig> announced = new CopyOnWriteArrayList<>();
            cache.track(announced::add, () -> List.of(key));
            assertThat(cache.get(key).get(10, TimeUnit.SECONDS).decrypted()).isFalse();

            write("orders:\n  password: '{cipher}" + cipher + "'\n");
            cache.reloadTracked();
            ResolvedConfig secret = waitForAnnouncements(announced, 2);

            assertThat(secret.environment().mergedProperties()).containsEntry("orders.password", "s3cret é");
            assertThat(secret.decrypted()).isTrue();
            assertThat(cache.get(key).get(10, TimeUnit.SECONDS).decrypted()).isTrue();
        }
    }

    /** A real source whose next {@code find} (once armed) waits, after reading the files, until released. */
    private static final class GatedSource extends ForwardingConfigSource {
        private final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedSource(ConfigSource delegate) {
            super(delegate);
        }

        void holdNextAfterReading() {
            armed.set(true);
        }

        @Override
        public Environment find(String application, String profiles, String label) {
            Environment environment = super.find(application, profiles, label);
            if (armed.compareAndSet(true, false)) {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return environment;
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
