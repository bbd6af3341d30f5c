package dev.vortex.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.client.Backoff;
import dev.vortex.client.ConfigChange;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexClientException;
import dev.vortex.client.VortexConfig;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.RealtimeFixture;
import dev.vortex.server.realtime.RealtimeSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The Java client across server restarts, with and without its cache file, and refused at start. */
class VortexClientRestartTest {
    @TempDir
    Path workDir;

    private Path repo;
    private VortexServer server;
    private final List<VortexClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void writeRepository() throws Exception {
        repo = Files.createDirectories(workDir.resolve("repo"));
        RealtimeFixture.write(repo, "orders.yml", "orders:\n  max-items: 1\n");
    }

    @AfterEach
    void stop() {
        clients.forEach(VortexClient::close);
        if (server != null) {
            server.close();
        }
    }

    /** A server over the repository on {@code port} (0: any), telling clients to come back within 200 ms. */
    private VortexServer startServer(int port) {
        return VortexServer.start(TestServers.nativeSettings(repo)
                .port(port)
                .realtime(RealtimeSettings.builder()
                        .maxReconnectDelay(Duration.ofMillis(200))
                        .build())
                .build());
    }

    private VortexClient client(int port, Path cacheFile) {
        VortexClient client = VortexClient.builder()
                .url("http://127.0.0.1:" + port)
                .application("orders")
                .profiles("default")
                .reconnect(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofMillis(300)))
                .connectTimeout(Duration.ofSeconds(2))
                .cacheFile(cacheFile)
                .build();
        clients.add(client);
        return client;
    }

    private void edit(int maxItems) {
        RealtimeFixture.write(repo, "orders.yml", "orders:\n  max-items: " + maxItems + "\n");
        if (server != null) {
            assertThat(new TestClient(server.port()).delete("/cache").statusCode())
                    .isEqualTo(204);
        }
    }

    private static void awaitMaxItems(VortexClient client, int expected) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.config().getInt("orders.max-items").orElse(-1) == expected);
    }

    @Test
    void afterAServerRestart_theClientResumes_withNoLostAndNoDuplicateChange() throws Exception {
        server = startServer(0);
        int port = server.port();
        VortexClient client = client(port, null);
        client.start().get(30, TimeUnit.SECONDS);
        String first = client.version();
        List<ConfigChange> changes = new CopyOnWriteArrayList<>();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.addListener(changes::add);
        client.addConnectionListener(states::add);

        edit(2);
        awaitMaxItems(client, 2);
        server.close();
        server = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> client.state() != ConnectionState.CONNECTED);
        edit(3); // while the server is down
        server = startServer(port);
        awaitMaxItems(client, 3);
        edit(4);
        awaitMaxItems(client, 4);
        // A restart with nothing changed: the client reconnects and hears of no change.
        server.close();
        server = startServer(port);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> states.stream()
                                        .filter(ConnectionState.CONNECTED::equals)
                                        .count()
                                == 2
                        && client.state() == ConnectionState.CONNECTED);
        edit(5);
        awaitMaxItems(client, 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() >= 4);
        Thread.sleep(200);
        List<Integer> values = new ArrayList<>();
        String held = first;
        for (ConfigChange change : changes) {
            assertThat(change.oldVersion()).as("chained versions").isEqualTo(held);
            held = change.newVersion();
            values.add(change.config().getInt("orders.max-items").orElseThrow());
        }
        assertThat(values).containsExactly(2, 3, 4, 5);
        assertThat(new HashSet<>(changes.stream().map(ConfigChange::newVersion).toList()))
                .hasSize(4);
        assertThat(held).isEqualTo(client.version());
        assertThat(states).contains(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
    }

    @Test
    void withTheServerDown_aClientStartsFromItsCacheFile_saysSoOnce_andConvergesWhenTheServerComesBack()
            throws Exception {
        Path cacheFile = workDir.resolve("cache/orders.json");
        server = startServer(0);
        int port = server.port();
        VortexClient first = client(port, cacheFile);
        first.start().get(30, TimeUnit.SECONDS);
        edit(2);
        awaitMaxItems(first, 2);
        String cachedVersion = first.version();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(cacheFile)
                        && cachedVersion.equals(new ObjectMapper()
                                .readTree(cacheFile.toFile())
                                .path("version")
                                .asText()));
        JsonNode cached = new ObjectMapper().readTree(cacheFile.toFile());
        assertThat(cached.path("application").asText()).isEqualTo("orders");
        assertThat(cached.at("/config/orders/max-items").asInt()).isEqualTo(2);
        first.close();
        server.close();
        server = null;
        edit(3); // while the server is down

        ListAppender<ILoggingEvent> log = captureClientLog();
        VortexClient second = client(port, cacheFile);
        VortexConfig config = second.start().get(30, TimeUnit.SECONDS);

        assertThat(config.fromCache()).isTrue();
        assertThat(second.isFromCache()).isTrue();
        assertThat(config.version()).isEqualTo(cachedVersion);
        assertThat(config.getInt("orders.max-items")).contains(2);
        Thread.sleep(500); // a few reconnection attempts
        assertThat(log.list.stream()
                        .filter(event -> event.getLevel() == Level.WARN
                                && event.getFormattedMessage().contains("from the cache file"))
                        .count())
                .isEqualTo(1);

        server = startServer(port);
        awaitMaxItems(second, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.isFromCache());
        assertThat(second.state()).isEqualTo(ConnectionState.CONNECTED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new ObjectMapper()
                                .readTree(cacheFile.toFile())
                                .at("/config/orders/max-items")
                                .asInt()
                        == 3);
    }

    @Test
    void withTheServerDown_andNoCache_startFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VortexClient client = client(closedPort, workDir.resolve("absent.json"));

        assertThatThrownBy(() -> client.start().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("no cache file");
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    }

    @Test
    void aRefusedKey_failsStart_withoutRetrying() throws Exception {
        server = TestGitRepositories.startServer(workDir, Map.of("orders.yml", "orders:\n  max-items: 1\n"));
        VortexClient client = VortexClient.builder()
                .url("http://127.0.0.1:" + server.port())
                .application("orders")
                .profiles("default")
                .label("no-such-branch")
                .reconnect(Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(20)))
                .build();
        clients.add(client);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.addConnectionListener(states::add);

        assertThatThrownBy(() -> client.start().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(VortexClientException.class, refused -> {
                    assertThat(refused.status()).hasValue(404);
                    assertThat(refused.refused()).isTrue();
                    assertThat(refused).hasMessageContaining("orders:default:no-such-branch");
                });
        Thread.sleep(300);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);

        // The same key at a label that exists works.
        VortexClient main = VortexClient.builder()
                .url("http://127.0.0.1:" + server.port())
                .application("orders")
                .profiles("default")
                .label("main")
                .build();
        clients.add(main);
        assertThat(main.start().get(30, TimeUnit.SECONDS).getInt("orders.max-items"))
                .contains(1);
    }

    private static ListAppender<ILoggingEvent> captureClientLog() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.vortex.client.ClientEngine");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
