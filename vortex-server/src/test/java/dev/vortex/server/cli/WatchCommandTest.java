package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.RealtimeFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vortex watch} through picocli, in-process, against a real server. */
class WatchCommandTest {
    @TempDir
    Path workDir;

    private RealtimeFixture fixture;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        fixture = RealtimeFixture.start(Files.createDirectories(workDir.resolve("repo")));
        fixture.write("orders.yml", "orders:\n  max-items: 500\n  gone: y\n");
        fixture.refresh();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Runs {@code vortex ARGS} on a thread of its own; interrupting it stops the watch. */
    private Thread run(AtomicInteger exitCode, String... args) {
        CommandLine commandLine = VortexCommand.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        Thread thread = new Thread(() -> exitCode.set(commandLine.execute(args)), "watch");
        thread.start();
        return thread;
    }

    private String url() {
        return "http://127.0.0.1:" + fixture.server().port();
    }

    private void edit(String content) {
        fixture.write("orders.yml", content);
        assertThat(fixture.http().delete("/cache").statusCode()).isEqualTo(204);
    }

    @Test
    void printsTheSnapshot_thenEachChangeAsReadableLines() throws Exception {
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread watch = run(exitCode, "watch", "orders", "default", "--url", url());
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("orders.max-items: 500"));
        assertThat(out.toString().lines().findFirst().orElseThrow()).matches("\\S+Z orders:default version \\w+");
        assertThat(out.toString()).contains("orders.gone: y");

        edit("orders:\n  max-items: 600\n  new-key: x\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("+ orders.new-key: x"));
        List<String> lines = out.toString().lines().toList();
        int header = lines.size() - 4;
        assertThat(lines.get(header)).matches("\\S+Z orders:default \\w+ → \\w+");
        assertThat(lines.subList(header + 1, lines.size()))
                .containsExactlyInAnyOrder("~ orders.max-items: 500 → 600", "- orders.gone: y", "+ orders.new-key: x");

        watch.interrupt();
        watch.join(30_000);
        assertThat(exitCode.get()).isZero();
    }

    @Test
    void reconnectsAfterAServerRestart_andSaysSo() throws Exception {
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread watch = run(exitCode, "watch", "orders", "default", "--url", url());
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("orders.max-items: 500"));
        int port = fixture.server().port();
        fixture.server().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("connection lost; reconnecting"));
        try (VortexServer again =
                VortexServer.start(dev.vortex.server.TestServers.nativeSettings(workDir.resolve("repo"))
                        .port(port)
                        .build())) {
            assertThat(again.port()).isEqualTo(port);
            await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("reconnected"));
        } finally {
            watch.interrupt();
            watch.join(30_000);
        }
        assertThat(exitCode.get()).isZero();
    }

    @Test
    void json_printsTheRawMessages_onePerLine() throws Exception {
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread watch = run(exitCode, "watch", "orders", "default", "--url", url(), "--json");
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("config_snapshot"));
        // A config large enough that a one-value change goes as a diff, not a snapshot.
        String description = "  description: " + "x".repeat(200) + "\n";
        edit("orders:\n  max-items: 500\n  gone: y\n" + description);
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("xxxxxxxxxx"));
        edit("orders:\n  max-items: 700\n  gone: y\n" + description);
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("config_change"));
        watch.interrupt();
        watch.join(30_000);

        ObjectMapper json = new ObjectMapper();
        List<String> lines = out.toString().lines().toList();
        assertThat(json.readTree(lines.get(0)).path("type").asText()).isEqualTo("config_snapshot");
        assertThat(json.readTree(lines.get(0)).at("/config/orders/max-items").asInt())
                .isEqualTo(500);
        String last = lines.get(lines.size() - 1);
        assertThat(json.readTree(last).path("type").asText()).isEqualTo("config_change");
        assertThat(json.readTree(last).at("/diff/0/value").asInt()).isEqualTo(700);
        assertThat(exitCode.get()).isZero();
    }

    @Test
    void aRefusedKey_exitsNonZero_withTheReason() throws Exception {
        try (VortexServer git =
                TestGitRepositories.startServer(workDir.resolve("git"), Map.of("orders.yml", "orders:\n  a: 1\n"))) {
            int exitCode = VortexCommand.commandLine(new String[0])
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute("watch", "orders", "default", "no-such-branch", "--url", "http://127.0.0.1:" + git.port());

            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString())
                    .contains("vortex watch: the server refused orders:default:no-such-branch")
                    .contains("HTTP 404");
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void anUnreachableServer_exitsNonZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int exitCode = VortexCommand.commandLine(new String[0])
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("watch", "orders", "default", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .contains("vortex watch: no config for orders:default ")
                .contains("127.0.0.1:" + closedPort);
    }
}
