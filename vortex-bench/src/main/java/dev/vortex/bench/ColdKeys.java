package dev.vortex.bench;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.VortexServer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code vortex-bench http --keys N --cold}: the fleet restart. A repository of N applications is generated (each
 * with its own {@code svc-i.yml} and {@code svc-i-prod.yml}, all sharing four {@code application*} files), a
 * server is freshly started over it in this process, and C connections ask {@code GET /svc-i/prod} for every i
 * once: no key is ever asked twice, so every answer is a resolution, never a cache hit.
 *
 * <p>With JIT warm-up rounds, the same is done first on other freshly started servers (the JIT warms, the servers'
 * caches do not carry over), so that "just after a deploy" and "warm JIT, cold caches" can both be measured.
 */
final class ColdKeys {
    private static final PersonIdent AUTHOR = new PersonIdent("vortex-bench", "bench@vortex.dev");

    private final int keyCount;
    private final int concurrency;
    private final boolean git;
    private final boolean discoverKeys;

    ColdKeys(int keys, int concurrency, boolean git, boolean discoverKeys) {
        this.keyCount = keys;
        this.concurrency = concurrency;
        this.git = git;
        this.discoverKeys = discoverKeys;
    }

    void execute(ClientLoops loops, int jitWarmupRounds, Report report) {
        Path directory = createDirectory();
        try {
            Path repository = generate(directory.resolve("repo"));
            report.add(
                    "server",
                    "server",
                    "in-process server, freshly started over a " + (git ? "Git" : "native") + " repository of "
                            + keyCount + " applications (" + (2 * keyCount + 4) + " files)");
            for (int round = 0; round < jitWarmupRounds; round++) {
                round(loops, repository, directory.resolve("warmup-clone-" + round), new Report("warm-up"));
            }
            report.add("jit_warmup_rounds", "JIT warm-up rounds (each on its own fresh server)", jitWarmupRounds);
            report.add("key_discovery", "the server's key discovery", discoverKeys ? "on" : "off");
            round(loops, repository, directory.resolve("clone"), report);
        } finally {
            delete(directory);
        }
    }

    /** One fresh server, every key once. */
    private void round(ClientLoops loops, Path repository, Path basedir, Report report) {
        ServerSettings.Builder settings = ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownTimeout(Duration.ofSeconds(5))
                .keyDiscovery(discoverKeys);
        if (git) {
            settings.gitUri("file://" + repository.toAbsolutePath())
                    .gitBasedir(basedir)
                    .gitRefreshInterval(Duration.ofHours(1));
        } else {
            settings.nativeLocations(List.of(repository)).nativeRefreshInterval(Duration.ofHours(1));
        }
        Set<Long> loadGeneratorThreads = loops.threadIds();
        long startNanos = System.nanoTime();
        try (VortexServer server = VortexServer.start(settings.build())) {
            report.add("server_start_ms", "server start (in-process)", (System.nanoTime() - startNanos) / 1e6, 0, "ms");
            HttpClient client = loops.vertx()
                    .createHttpClient(
                            new HttpClientOptions()
                                    .setKeepAlive(true)
                                    .setDefaultHost("127.0.0.1")
                                    .setDefaultPort(server.port()),
                            new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
            Histogram latencyMicros = new ConcurrentHistogram(3);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            long start = System.nanoTime();
            CpuMeter cpu = new CpuMeter(null);
            ServerThreadsCpu serverCpu = new ServerThreadsCpu(loadGeneratorThreads);
            for (int user = 0; user < concurrency; user++) {
                loops.next().runOnContext(ignored -> ask(client, next, latencyMicros, answered, failed, finished));
            }
            boolean done = Await.until(() -> finished.get() >= keyCount, TimeUnit.SECONDS.toNanos(600));
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu.report(report, true);
            cpu.reportPerEvent(report, keyCount, "key");
            serverCpu.reportPerEvent(report, keyCount, "key");
            client.close();
            report.add("keys", "distinct keys asked, once each", keyCount);
            report.add("concurrency", "connections, one request in flight each", concurrency);
            report.add("keys_per_s", "keys resolved per second", answered.get() / seconds, 0, "keys/s");
            report.addLatencies("latency_ms", "latency of a never-resolved key", latencyMicros);
            report.add(
                    "over_1s",
                    "answers slower than 1 s",
                    latencyMicros.getCountBetweenValues(1_000_001, Long.MAX_VALUE));
            report.check(
                    "all_answered",
                    "every key answered 200",
                    done && answered.get() == keyCount && failed.get() == 0,
                    answered.get() + "/" + keyCount + " answered 200, " + failed.get() + " failed");
        }
    }

    /** A user: asks the next key nobody asked yet, until there is none. Runs on its event loop. */
    private void ask(
            HttpClient client,
            AtomicInteger next,
            Histogram latencyMicros,
            AtomicInteger answered,
            AtomicInteger failed,
            AtomicInteger finished) {
        int key = next.getAndIncrement();
        if (key >= keyCount) {
            return;
        }
        long started = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/" + application(key) + "/prod"))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> {
                    latencyMicros.recordValue(Math.max(0, (System.nanoTime() - started) / 1000));
                    if (result.succeeded() && result.result() == 200) {
                        answered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    finished.incrementAndGet();
                    ask(client, next, latencyMicros, answered, failed, finished);
                });
    }

    static String application(int index) {
        return "svc-" + index;
    }

    /** Writes the repository (and, for Git, commits it) and returns its directory. */
    private Path generate(Path repository) {
        try {
            Files.createDirectories(repository);
            write(repository.resolve("application.yml"), shared("fleet", 40));
            write(repository.resolve("application-prod.yml"), shared("fleet.prod", 20));
            write(repository.resolve("application-dev.yml"), shared("fleet.dev", 20));
            write(repository.resolve("application.properties"), "fleet.region=eu-west-1\nfleet.owner=platform\n");
            for (int i = 0; i < keyCount; i++) {
                write(repository.resolve(application(i) + ".yml"), own(i, "", 12));
                write(repository.resolve(application(i) + "-prod.yml"), own(i, "prod", 6));
            }
            if (git) {
                try (Git repo = Git.init()
                        .setDirectory(repository.toFile())
                        .setInitialBranch("main")
                        .call()) {
                    repo.add().addFilepattern(".").call();
                    repo.commit()
                            .setMessage(keyCount + " applications")
                            .setAuthor(AUTHOR)
                            .setCommitter(AUTHOR)
                            .setSign(false)
                            .call();
                }
            }
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated repository: " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit the generated repository: " + e.getMessage(), e);
        }
    }

    /** Shared YAML: {@code keys} nested properties under {@code prefix}, as a platform's defaults look. */
    private static String shared(String prefix, int keys) {
        StringBuilder yaml = new StringBuilder();
        String[] path = prefix.split("\\.");
        for (int depth = 0; depth < path.length; depth++) {
            yaml.append("  ".repeat(depth)).append(path[depth]).append(":\n");
        }
        String indent = "  ".repeat(path.length);
        for (int k = 0; k < keys; k++) {
            if (k % 8 == 0) {
                yaml.append(indent).append("group").append(k / 8).append(":\n");
            }
            yaml.append(indent)
                    .append("  setting")
                    .append(k)
                    .append(": value-")
                    .append(k)
                    .append('\n');
        }
        return yaml.toString();
    }

    /** One application's own YAML. */
    private static String own(int index, String profile, int keys) {
        StringBuilder yaml = new StringBuilder("service:\n  name: ")
                .append(application(index))
                .append("\n  profile: '")
                .append(profile)
                .append("'\n  settings:\n");
        for (int k = 0; k < keys; k++) {
            yaml.append(String.format(Locale.ROOT, "    key%d: %d-%d%n", k, index, k));
        }
        return yaml.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("vortex-bench-cold-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
