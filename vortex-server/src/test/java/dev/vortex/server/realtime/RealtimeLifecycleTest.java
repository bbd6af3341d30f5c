package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeat and shutdown: how the server ends connections. */
class RealtimeLifecycleTest {
    private static final RealtimeSettings FAST_HEARTBEAT = RealtimeSettings.builder()
            .pingInterval(Duration.ofMillis(300))
            .pongTimeout(Duration.ofMillis(300))
            .build();

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.startedByEachTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private void start(RealtimeSettings settings) {
        fixture.startServer(builder -> builder.realtime(settings));
    }

    @Test
    void aClientThatSendsNothing_isClosedWith1001_afterAPingGoesUnanswered() {
        start(FAST_HEARTBEAT);

        try (RawWebSocket silent =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod", WsTestClient.TIMEOUT)) {
            assertThat(silent.status()).isEqualTo(101);
            RawWebSocket.Frame close = silent.nextClose();

            assertThat(close.closeStatus()).isEqualTo(1001);
        }
    }

    @Test
    void aClientThatOnlySendsPingFrames_countsAsAlive_andStaysConnected() {
        start(FAST_HEARTBEAT);

        try (RawWebSocket pinging =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod", WsTestClient.TIMEOUT)) {
            assertThat(pinging.status()).isEqualTo(101);
            // Over several ping intervals and pong timeouts the client never answers a ping; it only pings.
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                pinging.sendFrame(true, RawWebSocket.PING, new byte[0]);
                RawWebSocket.Frame frame = pinging.next();
                while (frame.opcode() != RawWebSocket.PONG) {
                    assertThat(frame.opcode()).as("a close frame").isNotEqualTo(RawWebSocket.CLOSE);
                    frame = pinging.next();
                }
            }
        }
    }

    @Test
    void aClientThatAnswersPings_staysConnected_andReceivesJsonPings() {
        start(FAST_HEARTBEAT);
        WsTestClient client = fixture.connect("/ws/orders/prod");
        client.next("config_snapshot");

        // Several ping intervals and pong timeouts; Vert.x answers the ping frames by itself.
        List<JsonNode> messages = client.drain(Duration.ofMillis(1500));

        assertThat(messages).extracting(message -> message.get("type").asText()).contains("ping");
        assertThat(client.closeStatus()).isNull();
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next("pong").get("timestamp").asText()).isNotBlank();
        assertThat(client.closeStatus()).isNull();
    }

    @Test
    void shutdown_tellsEveryClientWhenToComeBack_thenClosesWith1001() throws Exception {
        start(RealtimeSettings.DEFAULTS);
        List<WsTestClient> clients = List.of(
                fixture.connect("/ws/orders/prod"),
                fixture.connect("/ws/orders/prod?shape=flat"),
                fixture.connect("/ws/orders/dev"));
        clients.forEach(client -> client.next("config_snapshot"));

        CompletableFuture<Void> closed =
                CompletableFuture.runAsync(() -> fixture.server().close());

        for (WsTestClient client : clients) {
            JsonNode closing = client.next();
            assertThat(closing.get("type").asText()).isEqualTo("connection_closing");
            assertThat(closing.get("reason").asText()).isEqualTo("shutdown");
            assertThat(closing.get("reconnect_after_ms").isIntegralNumber()).isTrue();
            assertThat(closing.get("reconnect_after_ms").asLong()).isNotNegative();
            await().atMost(WsTestClient.TIMEOUT).until(() -> client.closeStatus() != null);
            assertThat(client.closeStatus()).isEqualTo((short) 1001);
        }
        closed.get(30, TimeUnit.SECONDS);
    }
}
