package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket meters at /actuator/prometheus count what really happened. */
class RealtimeMetricsTest {
    @TempDir
    Path repo;

    @Test
    void meters_countConnections_messagesByType_broadcasts_andProtocolErrors() {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS);
            WsTestClient first = fixture.connect("/ws/orders/prod");
            WsTestClient second = fixture.connect("/ws/orders/prod");
            first.next("config_snapshot");
            second.next("config_snapshot");
            second.close();
            first.send("{\"type\":\"nope\"}");
            first.next("error");

            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS.replace("50", "60"));
            fixture.refresh();
            first.next("config_change");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(fixture.metric("vortex_ws_connections_active", "")).isEqualTo(1);
                assertThat(fixture.metric("vortex_ws_connections_total", "")).isEqualTo(2);
                assertThat(fixture.metric("vortex_ws_messages_sent_total", "type=\"config_snapshot\""))
                        .isEqualTo(2);
                assertThat(fixture.metric("vortex_ws_messages_sent_total", "type=\"config_change\""))
                        .isEqualTo(1);
                assertThat(fixture.metric("vortex_ws_protocol_errors_total", "code=\"UNKNOWN_TYPE\""))
                        .isEqualTo(1);
                assertThat(fixture.metric("vortex_ws_broadcast_latency_seconds_count", ""))
                        .isEqualTo(1);
                assertThat(fixture.metric("vortex_ws_broadcast_recipients_sum", ""))
                        .isEqualTo(1);
            });
        }
    }

    @Test
    void aChangeToSeveralSessions_isCountedOncePerSessionItWasWrittenTo() {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS);
            java.util.List<WsTestClient> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                WsTestClient client = fixture.connect("/ws/orders/prod");
                client.next("config_snapshot");
                clients.add(client);
            }

            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS.replace("50", "60"));
            fixture.refresh();
            for (WsTestClient client : clients) {
                client.next("config_change");
            }

            // The deliveries of one change are counted per event loop in one step, not one increment each.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(fixture.metric("vortex_ws_messages_sent_total", "type=\"config_snapshot\""))
                        .isEqualTo(5);
                assertThat(fixture.metric("vortex_ws_messages_sent_total", "type=\"config_change\""))
                        .isEqualTo(5);
                assertThat(fixture.metric("vortex_ws_broadcast_recipients_sum", ""))
                        .isEqualTo(5);
            });
            clients.forEach(WsTestClient::close);
        }
    }
}
