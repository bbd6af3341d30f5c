package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.Environment;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.crypto.EnvironmentDecryptor;
import dev.vortex.server.crypto.KeyRing;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.ForwardingConfigSource;
import dev.vortex.sources.GitConfigSource;
import dev.vortex.sources.NativeConfigSource;
import dev.vortex.sources.SourceChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
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

    /**
     * A change that names its files re-resolves only the cached keys that could read one of them: an edit of
     * {@code orders-prod.yml} the orders key of profile prod, not its default one nor the billing ones; {@code
     * orders.yml} every orders key; {@code application.yml} every key; a deleted, created or renamed file the keys of
     * its old and new names.
     */
    @Test
    void aNativeChange_reResolvesOnlyTheKeysThatCanReadAChangedFile() throws Exception {
        file("application.yml", "shared: 1\n");
        file("orders.yml", "orders:\n  max-items: 50\n");
        file("orders-prod.yml", "orders:\n  max-items: 60\n");
        file("billing.yml", "billing:\n  provider: stripe\n");
        NativeConfigSource source = NativeConfigSource.of(repository);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 100, registry)) {
            List<ConfigKey> orders = List.of(cache.key("orders", "prod", null), cache.key("orders", "default", null));
            List<ConfigKey> billing =
                    List.of(cache.key("billing", "prod", null), cache.key("billing", "default", null));
            for (ConfigKey key : concat(orders, billing)) {
                cache.get(key).get(10, TimeUnit.SECONDS);
            }
            ResolvedConfig billingBefore = cache.get(billing.get(0)).get(10, TimeUnit.SECONDS);

            double edited = resolutionsAfter(
                    registry, cache, source, () -> file("orders-prod.yml", "orders:\n  max-items: 61\n"));

            assertThat(edited)
                    .as("an edit of orders-prod.yml re-resolves orders/prod only")
                    .isEqualTo(1);
            assertThat(cache.get(orders.get(0)).get(10, TimeUnit.SECONDS).merged())
                    .containsEntry("orders.max-items", 61);
            assertThat(cache.get(billing.get(0)).get(10, TimeUnit.SECONDS)).isSameAs(billingBefore);
            assertThat(registry.get("vortex.config.reloads.skipped").counter().count())
                    .isEqualTo(3);

            assertThat(resolutionsAfter(
                            registry, cache, source, () -> file("orders.yml", "orders:\n  max-items: 51\n")))
                    .as("an edit of orders.yml re-resolves every orders key")
                    .isEqualTo(2);
            assertThat(cache.get(orders.get(1)).get(10, TimeUnit.SECONDS).merged())
                    .containsEntry("orders.max-items", 51);
            assertThat(resolutionsAfter(registry, cache, source, () -> file("application-prod.yml", "shared: 3\n")))
                    .as("a created application-prod.yml re-resolves the prod keys")
                    .isEqualTo(2);
            assertThat(resolutionsAfter(registry, cache, source, () -> file("application.yml", "shared: 2\n")))
                    .as("an edit of application.yml re-resolves every key")
                    .isEqualTo(4);
            assertThat(resolutionsAfter(registry, cache, source, () -> Files.delete(repository.resolve("billing.yml"))))
                    .as("a deleted billing.yml re-resolves the billing keys")
                    .isEqualTo(2);
            assertThat(resolutionsAfter(registry, cache, source, () -> file("billing-prod.yml", "billing:\n  x: 1\n")))
                    .as("a created billing-prod.yml re-resolves billing/prod")
                    .isEqualTo(1);
            assertThat(cache.get(billing.get(0)).get(10, TimeUnit.SECONDS).merged())
                    .containsEntry("billing.x", 1)
                    .doesNotContainKey("billing.provider");
            assertThat(resolutionsAfter(
                            registry,
                            cache,
                            source,
                            () -> Files.move(
                                    repository.resolve("billing-prod.yml"),
                                    repository.resolve("orders-prod.yml"),
                                    StandardCopyOption.REPLACE_EXISTING)))
                    .as("billing-prod.yml renamed over orders-prod.yml re-resolves the prod keys of both")
                    .isEqualTo(2);
            assertThat(cache.get(orders.get(0)).get(10, TimeUnit.SECONDS).merged())
                    .containsEntry("billing.x", 1);
            assertThat(cache.get(billing.get(0)).get(10, TimeUnit.SECONDS).merged())
                    .doesNotContainKey("billing.x");
            assertThat(resolutionsAfter(registry, cache, source, () -> file("prod/orders.yml", "in: label\n")))
                    .as("a file in a label folder re-resolves the keys of its name")
                    .isEqualTo(2);
        }
    }

    /** A Git commit is compared with the one its label pointed at: one touching billing.yml leaves orders alone. */
    @Test
    void aGitCommit_reResolvesOnlyTheKeysThatCanReadAFileItChanged() throws Exception {
        Path remote = repository.resolve("remote");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Git git = Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            RevCommit first =
                    commit(git, "application.yml", "shared: 1\n", "orders.yml", "o: 1\n", "billing.yml", "b: 1\n");
            try (GitConfigSource source = GitConfigSource.builder()
                            .uri(remote.toUri().toString())
                            .basedir(repository.resolve("clone"))
                            .build();
                    ResolvedConfigCache counted = new ResolvedConfigCache(source, 100, registry)) {
                ConfigKey orders = counted.key("orders", "default", null);
                ConfigKey billing = counted.key("billing", "default", null);
                counted.get(orders).get(10, TimeUnit.SECONDS);
                counted.get(billing).get(10, TimeUnit.SECONDS);

                commit(git, "billing.yml", "b: 2\n");
                assertThat(resolutionsAfter(registry, counted, source, () -> {}))
                        .as("a commit touching billing.yml re-resolves billing only")
                        .isEqualTo(1);
                assertThat(counted.get(billing).get(10, TimeUnit.SECONDS).merged())
                        .containsEntry("b", 2);

                // A force push: main rewritten from its first commit, where orders.yml is what it is now.
                git.reset()
                        .setMode(ResetCommand.ResetType.HARD)
                        .setRef(first.name())
                        .call();
                commit(git, "orders.yml", "o: 2\n");
                assertThat(resolutionsAfter(registry, counted, source, () -> {}))
                        .as("after a force push, the keys of every file that differs from the old tip")
                        .isEqualTo(2);
                assertThat(counted.get(orders).get(10, TimeUnit.SECONDS).merged())
                        .containsEntry("o", 2);
                assertThat(counted.get(billing).get(10, TimeUnit.SECONDS).merged())
                        .containsEntry("b", 1);
            }
        }
    }

    /**
     * A change that reaches more keys than the resolvers' queue holds (1,000) re-resolves every followed key and
     * leaves room for requests meanwhile. It used to queue every affected key at once: those beyond the queue were
     * dropped instead (a followed key's WebSocket clients never heard of the change) and a request during the reload
     * was refused as busy (a 503).
     */
    @Test
    void aChangeReachingMoreKeysThanTheQueueHolds_reResolvesEveryFollowedKey_andLeavesRoomForRequests()
            throws Exception {
        file("application.yml", "shared: 1\n");
        NativeConfigSource source = NativeConfigSource.of(repository);
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 10_000, new SimpleMeterRegistry())) {
            List<ConfigKey> followed = manyKeys(cache);
            Set<ConfigKey> told = ConcurrentHashMap.newKeySet();
            cache.track(config -> told(config, told), () -> followed);
            resolveAll(cache, followed);

            file("application.yml", "shared: 2\n");
            CompletableFuture<Void> reload = cache.reload(source.refresh());
            ResolvedConfig asked =
                    cache.get(cache.key("asked-meanwhile", "default", null)).get(10, TimeUnit.SECONDS);
            reload.get(60, TimeUnit.SECONDS);

            assertThat(asked.merged()).containsEntry("shared", 2);
            assertThat(untold(followed, told))
                    .as("followed keys not told of the change")
                    .isZero();
            assertThat(cache.get(followed.get(followed.size() - 1))
                            .get(10, TimeUnit.SECONDS)
                            .merged())
                    .containsEntry("shared", 2);
        }
    }

    /** The same for {@code DELETE /cache} ({@link ResolvedConfigCache#invalidateAll}): every followed key again. */
    @Test
    void droppingEverything_withMoreFollowedKeysThanTheQueueHolds_reResolvesEveryOne() throws Exception {
        file("application.yml", "shared: 1\n");
        try (ResolvedConfigCache cache =
                new ResolvedConfigCache(NativeConfigSource.of(repository), 10_000, new SimpleMeterRegistry())) {
            List<ConfigKey> followed = manyKeys(cache);
            Set<ConfigKey> told = ConcurrentHashMap.newKeySet();
            cache.track(config -> told(config, told), () -> followed);
            resolveAll(cache, followed);

            file("application.yml", "shared: 2\n");
            cache.invalidateAll();
            ResolvedConfig asked =
                    cache.get(cache.key("asked-meanwhile", "default", null)).get(10, TimeUnit.SECONDS);

            assertThat(asked.merged()).containsEntry("shared", 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (untold(followed, told) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(untold(followed, told))
                    .as("followed keys not told of the change")
                    .isZero();
        }
    }

    /** 2,500 followed keys: more than the resolvers' queue (1,000) and threads hold together. */
    private static List<ConfigKey> manyKeys(ResolvedConfigCache cache) {
        return IntStream.range(0, 2_500)
                .mapToObj(i -> cache.key("svc-" + i, "default", null))
                .toList();
    }

    private static void resolveAll(ResolvedConfigCache cache, List<ConfigKey> keys) throws Exception {
        for (ConfigKey key : keys) {
            cache.get(key).get(10, TimeUnit.SECONDS);
        }
    }

    private static long untold(List<ConfigKey> followed, Set<ConfigKey> told) {
        return followed.stream().filter(key -> !told.contains(key)).count();
    }

    private static void told(ResolvedConfig config, Set<ConfigKey> told) {
        if (Integer.valueOf(2).equals(config.merged().get("shared"))) {
            told.add(config.key());
        }
    }

    /** How many resolutions reloading the change that {@code edit} makes costs. */
    private static double resolutionsAfter(
            SimpleMeterRegistry registry, ResolvedConfigCache cache, ConfigSource source, Edit edit) throws Exception {
        double before = resolutions(registry);
        edit.run();
        cache.reload(source.refresh()).get(10, TimeUnit.SECONDS);
        return resolutions(registry) - before;
    }

    @FunctionalInterface
    private interface Edit {
        void run() throws Exception;
    }

    private static double resolutions(SimpleMeterRegistry registry) {
        return registry.get("vortex.config.resolutions").counter().count();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private void file(String name, String content) throws IOException {
        Path path = repository.resolve(name);
        Files.createDirectories(path.getParent());
        // A new modification time even on a coarse clock: the fingerprint must see every edit of this test.
        long modified =
                Files.exists(path) ? Files.getLastModifiedTime(path).toMillis() + 1_000 : System.currentTimeMillis();
        Files.writeString(path, content);
        Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(modified));
    }

    private static RevCommit commit(Git git, String... pathsAndContents) throws Exception {
        Path work = git.getRepository().getWorkTree().toPath();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Files.writeString(work.resolve(pathsAndContents[i]), pathsAndContents[i + 1]);
        }
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        return git.commit()
                .setMessage("edit")
                .setAuthor(author)
                .setCommitter(author)
                .setSign(false)
                .call();
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
