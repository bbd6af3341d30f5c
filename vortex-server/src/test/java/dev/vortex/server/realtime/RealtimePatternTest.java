package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pattern subscriptions: a snapshot of every known matching key first, then its changes, until unsubscribed. */
class RealtimePatternTest {
    private static final String ORDERS = RealtimeProtocolTest.ORDERS;

    // These pin down the keys known from WebSocket clients; discovery from file names would add more at its own pace,
    // and has its own test (PatternDiscoveryTest).
    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(builder -> builder.keyDiscovery(false), RealtimePatternTest::writeRepository);

    private static void writeRepository(RealtimeFixture fixture) {
        fixture.write("application.yml", "shared: 1\n");
        fixture.write("orders.yml", ORDERS);
        fixture.write("orders-prod.yml", "orders:\n  max-items: 500\n");
        fixture.write("billing.yml", "billing:\n  provider: stripe\n");
    }

    /** The type of each message of {@code messages} about {@code app:profile}, in order. */
    private static List<String> typesFor(List<JsonNode> messages, String app, String profile) {
        List<String> types = new ArrayList<>();
        for (JsonNode message : messages) {
            if (message.path("app").asText().equals(app)
                    && message.path("profile").asText().equals(profile)) {
                types.add(message.get("type").asText());
            }
        }
        return types;
    }

    @Test
    void subscribe_sendsASnapshotOfEveryKnownMatchingKey_thenTheirChanges_untilUnsubscribed() {
        // Without discovery, the keys patterns see are those WebSocket clients are connected to.
        fixture.connect("/ws/orders/prod").next("config_snapshot");
        fixture.connect("/ws/orders/dev").next("config_snapshot");
        WsTestClient client = fixture.connect("/ws/billing/prod?shape=flat");
        client.next("config_snapshot");

        client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");
        JsonNode subscribed = client.next();
        assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
        assertThat(subscribed.get("patterns")).hasSize(1);
        assertThat(subscribed.get("patterns").get(0).asText()).isEqualTo("orders:*:*");
        Map<String, JsonNode> snapshots = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode snapshot = client.next();
            assertThat(snapshot.get("type").asText()).isEqualTo("config_snapshot");
            snapshots.put(snapshot.get("profile").asText(), snapshot);
        }
        assertThat(snapshots).containsOnlyKeys("prod", "dev");
        assertThat(snapshots.get("prod").get("config")).isEqualTo(fixture.httpFlatConfig("/orders/prod"));
        assertThat(snapshots.get("dev").get("config")).isEqualTo(fixture.httpFlatConfig("/orders/dev"));

        fixture.write("orders.yml", ORDERS.replace("8081", "9091"));
        fixture.refresh();
        List<JsonNode> changes = List.of(client.next("config_change"), client.next("config_change"));
        assertThat(changes)
                .extracting(change -> change.get("profile").asText())
                .containsExactlyInAnyOrder("prod", "dev");
        assertThat(client.config("orders", "prod", null)).isEqualTo(fixture.httpFlatConfig("/orders/prod"));
        assertThat(client.config("orders", "dev", null)).isEqualTo(fixture.httpFlatConfig("/orders/dev"));

        client.send("{\"type\":\"unsubscribe\",\"patterns\":[\"orders:*:*\"]}");
        JsonNode unsubscribed = client.next();
        assertThat(unsubscribed.get("type").asText()).isEqualTo("unsubscribed");
        assertThat(unsubscribed.get("patterns").get(0).asText()).isEqualTo("orders:*:*");
        fixture.write("orders.yml", ORDERS.replace("8081", "9092"));
        fixture.refresh();
        // The unsubscribed connection's own key still works, and nothing of orders follows.
        fixture.write("billing.yml", "billing:\n  provider: adyen\n");
        fixture.refresh();
        JsonNode ownChange = client.next();
        assertThat(ownChange.get("app").asText()).isEqualTo("billing");
        assertThat(client.drain(Duration.ofMillis(300))).isEmpty();
        assertThat(client.violations()).isEmpty();
    }

    @Test
    void aKeyFirstFollowedAfterSubscribing_arrivesAsASnapshotBeforeItsChanges() {
        fixture.connect("/ws/orders/prod").next("config_snapshot");
        WsTestClient client = fixture.connect("/ws/billing/prod?shape=flat");
        client.next("config_snapshot");
        client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");
        client.next("subscribed");
        client.next("config_snapshot");

        fixture.connect("/ws/orders/staging").next("config_snapshot");
        JsonNode staging = client.next();
        fixture.write("orders.yml", ORDERS.replace("8081", "9093"));
        fixture.refresh();
        client.next("config_change");
        client.next("config_change");

        assertThat(staging.get("type").asText()).isEqualTo("config_snapshot");
        assertThat(staging.get("profile").asText()).isEqualTo("staging");
        assertThat(typesFor(client.received(), "orders", "staging"))
                .containsExactly("config_snapshot", "config_change");
        assertThat(typesFor(client.received(), "orders", "prod")).containsExactly("config_snapshot", "config_change");
        assertThat(client.config("orders", "staging", null)).isEqualTo(fixture.httpFlatConfig("/orders/staging"));
        assertThat(client.violations()).isEmpty();
    }

    @Test
    void overlappingPatterns_deliverEachChangeOfAKeyOnce() {
        WsTestClient client = fixture.connect("/ws/orders/prod?shape=flat");
        client.next("config_snapshot");
        client.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\",\"*:prod:*\",\"orders:prod:*\"]}");
        client.next("subscribed");
        client.send("{\"type\":\"subscribe\",\"patterns\":[\"*:*:*\"]}");
        client.next("subscribed");
        // billing:prod is not known yet: only the own key so far.
        assertThat(client.drain(Duration.ofMillis(200))).isEmpty();

        fixture.write("orders.yml", ORDERS.replace("8081", "9094"));
        fixture.refresh();
        client.next("config_change");

        assertThat(client.drain(Duration.ofMillis(300))).isEmpty();
        assertThat(typesFor(client.received(), "orders", "prod")).containsExactly("config_snapshot", "config_change");
        assertThat(client.violations()).isEmpty();
    }
}
