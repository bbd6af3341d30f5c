package dev.vortex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted peer on real sockets, for what the real server never does on purpose: a
 * diff from a version the client does not hold, garbage, silence, a shutdown notice with a given delay.
 */
class ClientProtocolFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private ScriptedServer server() throws Exception {
        ScriptedServer server = new ScriptedServer();
        closeables.add(0, server);
        return server;
    }

    private VortexClient.Builder client(ScriptedServer server) {
        return VortexClient.builder()
                .url(server.url())
                .application("orders")
                .profiles("prod")
                .reconnect(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofMillis(50)));
    }

    private VortexClient started(VortexClient.Builder builder) {
        VortexClient client = builder.build();
        closeables.add(0, client);
        client.start();
        return client;
    }

    /** A started client, the peer it connected to, and the snapshot {@code v1} of {@code config} applied. */
    private record Connected(VortexClient client, ScriptedServer.Peer peer) {}

    private Connected connected(ScriptedServer server, String config) throws Exception {
        VortexClient client = started(client(server));
        ScriptedServer.Peer peer = server.nextPeer(20);
        peer.send(snapshot("v1", config));
        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.CONNECTED);
        return new Connected(client, peer);
    }

    static String snapshot(String version, String config) {
        return "{\"type\":\"config_snapshot\",\"app\":\"orders\",\"profile\":\"prod\",\"label\":null,\"config\":"
                + config + ",\"version\":\"" + version + "\",\"timestamp\":\"2026-11-30T00:00:00Z\"}";
    }

    static String change(String oldVersion, String newVersion, String diff) {
        return "{\"type\":\"config_change\",\"app\":\"orders\",\"profile\":\"prod\",\"label\":null,\"diff\":" + diff
                + ",\"old_version\":\"" + oldVersion + "\",\"new_version\":\"" + newVersion
                + "\",\"timestamp\":\"2026-11-30T00:00:00Z\"}";
    }

    private static int maxItems(VortexClient client) {
        return client.config().getInt("orders.max-items").orElse(-1);
    }

    @Test
    void aChangeFromAnUnknownVersion_isAnsweredWithResync_andNeverApplied() throws Exception {
        Connected connected = connected(server(), "{\"orders\":{\"max-items\":1}}");
        VortexClient client = connected.client();
        ScriptedServer.Peer peer = connected.peer();

        peer.send(change("v0", "v9", "[{\"op\":\"replace\",\"path\":\"/orders/max-items\",\"value\":9}]"));

        JsonNode resync = JSON.readTree(peer.receive(20));
        assertThat(resync.path("type").asText()).isEqualTo("resync");
        assertThat(resync.path("last_version").asText()).isEqualTo("v1");
        assertThat(resync.has("app")).as("the own key needs no app").isFalse();
        assertThat(client.version()).isEqualTo("v1");
        assertThat(maxItems(client)).isEqualTo(1);

        // The server's answer, then an ordinary change, both applied.
        peer.send(change("v1", "v2", "[{\"op\":\"replace\",\"path\":\"/orders/max-items\",\"value\":2}]"));
        peer.send(change("v2", "v3", "[{\"op\":\"add\",\"path\":\"/orders/a~1b\",\"value\":[1,2]}]"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "v3".equals(client.version()));
        assertThat(maxItems(client)).isEqualTo(2);
        assertThat(client.config().flat()).containsEntry("orders.a/b[1]", 2);
        // A duplicate delivery changes nothing (its old_version is no longer held): resync, not a re-apply.
        peer.send(change("v2", "v3", "[{\"op\":\"add\",\"path\":\"/orders/a~1b\",\"value\":[1,2]}]"));
        assertThat(JSON.readTree(peer.receive(20)).path("last_version").asText())
                .isEqualTo("v3");
        assertThat(client.version()).isEqualTo("v3");
    }

    @Test
    void malformedAndUnknownMessages_areIgnored_andTheConnectionIsKept() throws Exception {
        ScriptedServer server = server();
        Connected connected = connected(server, "{\"orders\":{\"max-items\":1}}");
        VortexClient client = connected.client();
        ScriptedServer.Peer peer = connected.peer();

        peer.send("this is not JSON");
        peer.send("[1,2,3]");
        peer.send("{\"no\":\"type\"}");
        peer.send("{\"type\":\"from_the_future\",\"x\":1}");
        peer.send("{\"type\":\"config_snapshot\",\"app\":\"orders\"}");
        peer.send(change("v1", "v2", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]"));
        assertThat(JSON.readTree(peer.receive(20)).path("type").asText())
                .as("a patch that cannot be applied is resynced")
                .isEqualTo("resync");
        peer.send("{\"type\":\"ping\",\"timestamp\":\"2026-11-30T00:00:00Z\"}");
        assertThat(JSON.readTree(peer.receive(20)).path("type").asText()).isEqualTo("pong");
        peer.send(change("v1", "v2", "[{\"op\":\"replace\",\"path\":\"/orders/max-items\",\"value\":2}]"));

        await().atMost(Duration.ofSeconds(20)).until(() -> maxItems(client) == 2);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(peer.isClosed()).isFalse();
        assertThat(server.anotherPeerWithin(300)).as("no reconnection").isFalse();
    }

    @Test
    void aSilentConnection_isDroppedAfterTheHeartbeatTimeout_andResumed() throws Exception {
        ScriptedServer server = server();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        VortexClient client =
                client(server).heartbeatTimeout(Duration.ofMillis(400)).build();
        closeables.add(0, client);
        client.addConnectionListener(states::add);
        client.start();
        ScriptedServer.Peer first = server.nextPeer(20);
        first.send(snapshot("v1", "{\"orders\":{\"max-items\":1}}"));
        client.start().get(20, TimeUnit.SECONDS);

        // The peer says nothing more, and keeps the socket open.
        ScriptedServer.Peer second = server.nextPeer(20);

        assertThat(second.requestLine()).startsWith("GET /ws/orders/prod?last_version=v1 ");
        assertThat(states)
                .containsSubsequence(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING);
        second.send("{\"type\":\"in_sync\",\"app\":\"orders\",\"profile\":\"prod\",\"label\":null,\"version\":\"v1\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.CONNECTED);
        // Frames keep it alive: pings every 100 ms for a second, no reconnection.
        for (int i = 0; i < 10; i++) {
            second.send("{\"type\":\"ping\"}");
            Thread.sleep(100);
        }
        assertThat(server.anotherPeerWithin(10)).isFalse();
    }

    @Test
    void reconnectionDelays_followTheBackoff_andTheServersReconnectAfter() throws Exception {
        ScriptedServer server = server();
        ManualScheduler scheduler = new ManualScheduler();
        long heartbeat = Duration.ofHours(1).toMillis();
        VortexClient client = client(server)
                .reconnect(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5))
                .heartbeatTimeout(Duration.ofMillis(heartbeat))
                .scheduler(scheduler)
                .clock(Clock.systemUTC())
                .build();
        closeables.add(0, client);
        client.start();
        ScriptedServer.Peer peer = server.nextPeer(20);
        peer.send(snapshot("v1", "{\"orders\":{\"max-items\":1}}"));
        client.start().get(20, TimeUnit.SECONDS);

        peer.send("{\"type\":\"connection_closing\",\"reason\":\"shutdown\",\"reconnect_after_ms\":1234}");
        peer.closeWith(1001);
        ManualScheduler.Task afterShutdown = scheduler.next(heartbeat);
        assertThat(afterShutdown.delayMillis).isEqualTo(1234);

        server.refuseUpgradesWith(503);
        List<Long> delays = new ArrayList<>();
        ManualScheduler.Task task = afterShutdown;
        for (int i = 0; i < 5; i++) {
            task.run();
            task = scheduler.next(heartbeat);
            delays.add(task.delayMillis);
        }
        // Half of min(cap, base × 2^attempt): the jitter is the injected 0.5.
        assertThat(delays).containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.config().getInt("orders.max-items")).contains(1);
    }

    @Test
    void notFoundInAnswerToAResync_startsAfreshWithASnapshot_andListenersSeeTheChange() throws Exception {
        ScriptedServer server = server();
        VortexClient client = started(client(server));
        List<ConfigChange> changes = new CopyOnWriteArrayList<>();
        client.addListener(change -> {
            changes.add(change);
            throw new IllegalStateException("a failing listener is logged and called again next time");
        });
        ScriptedServer.Peer first = server.nextPeer(20);
        first.send(snapshot("v1", "{\"orders\":{\"max-items\":1}}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() == 1);

        first.send(change("v0", "v2", "[]"));
        assertThat(JSON.readTree(first.receive(20)).path("type").asText()).isEqualTo("resync");
        first.send("{\"type\":\"error\",\"code\":\"NOT_FOUND\",\"message\":\"no config known for orders:prod:\"}");

        ScriptedServer.Peer second = server.nextPeer(20);
        assertThat(second.requestLine()).as("no version to resume from").startsWith("GET /ws/orders/prod HTTP/1.1");
        assertThat(client.config().getInt("orders.max-items"))
                .as("the last config is kept meanwhile")
                .contains(1);
        second.send(snapshot("v5", "{\"orders\":{\"max-items\":5}}"));

        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() == 2);
        assertThat(changes.get(1).oldVersion()).isEqualTo("v1");
        assertThat(changes.get(1).newVersion()).isEqualTo("v5");
        assertThat(changes.get(1).snapshot()).isTrue();
        assertThat(changes.get(1).changes())
                .containsExactly(new PropertyChange("orders.max-items", 1, 5, PropertyChange.Kind.MODIFIED));
    }

    @Test
    void aRefusedSubscription_failsItsFuture_andAnAcknowledgedOneCompletes() throws Exception {
        Connected connected = connected(server(), "{}");
        VortexClient client = connected.client();
        ScriptedServer.Peer peer = connected.peer();

        CompletableFuture<Void> refused = client.subscribe("billing:*:*");
        assertThat(JSON.readTree(peer.receive(20)).path("patterns").get(0).asText())
                .isEqualTo("billing:*:*");
        peer.send("{\"type\":\"error\",\"code\":\"FORBIDDEN\",\"message\":\"not allowed to read 'billing:*:*'\"}");
        assertThatThrownBy(() -> refused.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining("billing:*:*")
                .hasMessageContaining("FORBIDDEN");

        CompletableFuture<Void> accepted = client.subscribe("shared:*:*");
        assertThat(peer.receive(20)).contains("shared:*:*");
        assertThat(accepted).isNotDone();
        peer.send("{\"type\":\"subscribed\",\"patterns\":[\"shared:*:*\"]}");
        accepted.get(20, TimeUnit.SECONDS);
        peer.send("{\"type\":\"config_snapshot\",\"app\":\"shared\",\"profile\":\"prod\",\"label\":null,"
                + "\"config\":{\"a\":1},\"version\":\"s1\"}");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.config(ConfigKey.of("shared", "prod")).isPresent());
        assertThat(client.config().key()).isEqualTo(ConfigKey.of("orders", "prod"));
    }

    @Test
    void aHeaderTheJdkReserves_failsStart_namingIt() throws Exception {
        ScriptedServer server = server();
        VortexClient client = client(server).header("Sec-WebSocket-Key", "mine").build();
        closeables.add(0, client);

        assertThatThrownBy(() -> client.start().get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining("Sec-WebSocket-Key");
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    }
}
