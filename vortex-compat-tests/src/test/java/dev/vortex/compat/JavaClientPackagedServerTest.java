package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.client.Backoff;
import dev.vortex.client.ConfigChange;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.VortexClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client and {@code vortex watch} against the packaged server jar in its own process, stopped with
 * SIGTERM and started again on the same port, as operators do.
 */
class JavaClientPackagedServerTest {
    @TempDir
    Path dir;

    private void write(Path repo, int maxItems) throws IOException {
        Files.createDirectories(repo);
        // Atomically: the server watches the directory and must never see half a file.
        Path temporary = Files.createTempFile(dir, ".orders-", ".tmp");
        Files.writeString(temporary, "orders:\n  max-items: " + maxItems + "\n");
        Files.move(
                temporary,
                repo.resolve("orders.yml"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the server re-read at once ({@code DELETE /cache}), instead of waiting for its watcher. */
    private static void dropCache(VortexProcess vortex) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(vortex.url() + "/cache"))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(204);
    }

    private static void awaitMaxItems(VortexClient client, int expected) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.config().getInt("orders.max-items").orElse(-1) == expected);
    }

    @Test
    void theClient_followsChanges_acrossRestartsOfThePackagedServer() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo, 1);
        VortexProcess vortex = VortexProcess.start("--native", repo.toString(), "--ws-max-reconnect-delay", "300ms");
        int port = vortex.port();
        try (VortexClient client = VortexClient.builder()
                .url(vortex.url())
                .application("orders")
                .reconnect(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(500)))
                .cacheFile(dir.resolve("orders-cache.json"))
                .build()) {
            client.start().get(60, TimeUnit.SECONDS);
            String first = client.version();
            List<ConfigChange> changes = new CopyOnWriteArrayList<>();
            client.addListener(changes::add);

            write(repo, 2);
            dropCache(vortex);
            awaitMaxItems(client, 2);

            assertThat(vortex.terminate()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.state() != ConnectionState.CONNECTED);
            write(repo, 3); // while the server is down
            vortex = VortexProcess.start(port, Map.of(), "--native", repo.toString());
            awaitMaxItems(client, 3);

            write(repo, 4);
            dropCache(vortex);
            awaitMaxItems(client, 4);

            await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() >= 3);
            List<Integer> values = new ArrayList<>();
            String held = first;
            for (ConfigChange change : changes) {
                assertThat(change.oldVersion()).as("chained versions").isEqualTo(held);
                held = change.newVersion();
                values.add(change.config().getInt("orders.max-items").orElseThrow());
            }
            assertThat(values).containsExactly(2, 3, 4);
            assertThat(new HashSet<>(
                            changes.stream().map(ConfigChange::newVersion).toList()))
                    .hasSize(3);
            assertThat(held).isEqualTo(client.version());
        } finally {
            vortex.close();
        }
    }

    @Test
    void vortexWatch_printsEachChange_andExitsNonZeroWhenTheKeyIsRefused() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo, 1);
        try (VortexProcess vortex = VortexProcess.start("--native", repo.toString())) {
            Process watch = new ProcessBuilder(
                            VortexProcess.javaJar("watch", "orders", "default", "--url", vortex.url()))
                    .redirectError(dir.resolve("watch.err").toFile())
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("orders.max-items: 1"));
                write(repo, 2);
                dropCache(vortex);
                await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("~ orders.max-items: 1 → 2"));
            } finally {
                watch.destroy();
                watch.waitFor(30, TimeUnit.SECONDS);
            }
        }

        Path remote = dir.resolve("remote");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            Files.writeString(remote.resolve("orders.yml"), "orders:\n  max-items: 1\n");
            git.add().addFilepattern(".").call();
            org.eclipse.jgit.lib.PersonIdent author = new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.com");
            git.commit()
                    .setMessage("first")
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();
        }
        try (VortexProcess git = VortexProcess.start(
                "--git",
                remote.toUri().toString(),
                "--git-basedir",
                dir.resolve("clone").toString())) {
            Process refused = new ProcessBuilder(
                            VortexProcess.javaJar("watch", "orders", "default", "no-such-branch", "--url", git.url()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(output).contains("vortex watch: the server refused orders:default:no-such-branch", "HTTP 404");
        }
    }
}
