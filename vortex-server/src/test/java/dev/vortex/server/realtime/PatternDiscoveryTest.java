package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pattern subscribers see the applications of the repository even when nobody has asked for them. */
class PatternDiscoveryTest {
    @TempDir
    Path repo;

    @Test
    void patternSubscriber_getsSnapshotsOfDiscoveredKeys_includingOnesAddedLater() {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS);
            fixture.write("orders-prod.yml", "orders:\n  max-items: 500\n");
            fixture.write("billing.yml", "billing:\n  provider: stripe\n");
            fixture.refresh();

            WsTestClient client = fixture.connect("/ws/billing/default");
            client.next("config_snapshot");
            client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");
            client.next("subscribed");
            Set<String> profiles = new HashSet<>();
            while (profiles.size() < 2) {
                JsonNode snapshot = client.next("config_snapshot");
                assertThat(snapshot.get("app").asText()).isEqualTo("orders");
                profiles.add(snapshot.get("profile").asText());
            }
            assertThat(profiles).containsExactlyInAnyOrder("default", "prod");

            fixture.write("orders-staging.yml", "orders:\n  max-items: 5\n");
            fixture.refresh();

            JsonNode staging = client.next("config_snapshot");
            assertThat(staging.get("profile").asText()).isEqualTo("staging");
            assertThat(client.config("orders", "staging", null)
                            .at("/orders/max-items")
                            .asInt())
                    .isEqualTo(5);
            assertThat(client.violations()).isEmpty();
        }
    }

    @Test
    void subscribingAgain_isAcknowledged_withoutResendingSnapshots() {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            fixture.write("orders.yml", RealtimeProtocolTest.ORDERS);
            fixture.refresh();
            WsTestClient client = fixture.connect("/ws/orders/default");
            client.next("config_snapshot");
            client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");
            client.next("subscribed");

            client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");

            JsonNode again = client.next();
            assertThat(again.get("type").asText()).isEqualTo("subscribed");
            assertThat(again.get("patterns").get(0).asText()).isEqualTo("orders:*:*");
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next().get("type").asText()).isEqualTo("pong");
        }
    }
}
