package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resuming with {@code last_version} on connect, and {@code resync} on an open connection. */
class RealtimeResumeTest {
    private static final String ORDERS = RealtimeProtocolTest.ORDERS;

    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(RealtimeFixture::writeSampleRepository);

    private void change(int maxItems) {
        fixture.write("orders.yml", ORDERS.replace("max-items: 50", "max-items: " + maxItems));
        fixture.refresh();
    }

    @Test
    void reconnectWithAnOldVersion_getsOneChangeFromIt_thatLeadsToTheHttpConfig() {
        WsTestClient first = fixture.connect("/ws/orders/prod?shape=flat");
        JsonNode snapshot = first.next("config_snapshot");
        String v1 = snapshot.get("version").asText();
        first.close();
        change(61);
        change(62);
        change(63);

        WsTestClient resumed = fixture.connect("/ws/orders/prod?shape=flat&last_version=" + v1);
        resumed.hold("orders", "prod", null, snapshot.get("config"), v1);
        JsonNode message = resumed.next();

        assertThat(message.get("type").asText()).isEqualTo("config_change");
        assertThat(message.get("old_version").asText()).isEqualTo(v1);
        assertThat(message.get("new_version").asText()).isNotEqualTo(v1);
        assertThat(resumed.config("orders", "prod", null)).isEqualTo(fixture.httpFlatConfig("/orders/prod"));
        assertThat(resumed.config("orders", "prod", null)
                        .get("orders.max-items")
                        .asInt())
                .isEqualTo(63);
        assertThat(resumed.violations()).isEmpty();
    }

    @Test
    void reconnectWithTheCurrentVersion_isInSync_andWithAnUnknownVersion_getsASnapshot() {
        WsTestClient first = fixture.connect("/ws/orders/prod");
        first.next("config_snapshot");
        change(70);
        first.next("config_change");
        String current = first.version("orders", "prod", null);

        WsTestClient inSync = fixture.connect("/ws/orders/prod?last_version=" + current);
        WsTestClient unknown = fixture.connect("/ws/orders/prod?last_version=no-such-version");
        JsonNode inSyncMessage = inSync.next();
        JsonNode unknownMessage = unknown.next();

        assertThat(inSyncMessage.get("type").asText()).isEqualTo("in_sync");
        assertThat(inSyncMessage.get("version").asText()).isEqualTo(current);
        assertThat(inSyncMessage.get("app").asText()).isEqualTo("orders");
        assertThat(unknownMessage.get("type").asText()).isEqualTo("config_snapshot");
        assertThat(unknownMessage.get("version").asText()).isEqualTo(current);
        assertThat(unknownMessage.get("config")).isEqualTo(first.config("orders", "prod", null));
    }

    @Test
    void resync_answersInSync_aChangeFromAKnownVersion_orASnapshotForAnUnknownOne() {
        WsTestClient client = fixture.connect("/ws/orders/prod?shape=flat");
        JsonNode snapshot = client.next("config_snapshot");
        String v1 = snapshot.get("version").asText();
        change(81);
        client.next("config_change");
        String v2 = client.version("orders", "prod", null);

        client.send("{\"type\":\"resync\",\"last_version\":\"" + v2 + "\"}");
        JsonNode inSync = client.next();
        assertThat(inSync.get("type").asText()).isEqualTo("in_sync");
        assertThat(inSync.get("version").asText()).isEqualTo(v2);

        // As a client that lost its state and kept only the first snapshot would ask.
        client.hold("orders", "prod", null, snapshot.get("config"), v1);
        client.send("{\"type\":\"resync\",\"last_version\":\"" + v1 + "\",\"app\":\"orders\",\"profile\":\"prod\"}");
        JsonNode change = client.next();
        assertThat(change.get("type").asText()).isEqualTo("config_change");
        assertThat(change.get("old_version").asText()).isEqualTo(v1);
        assertThat(change.get("new_version").asText()).isEqualTo(v2);
        assertThat(client.config("orders", "prod", null)).isEqualTo(fixture.httpFlatConfig("/orders/prod"));

        client.send("{\"type\":\"resync\",\"last_version\":\"forgotten\"}");
        JsonNode fresh = client.next();
        assertThat(fresh.get("type").asText()).isEqualTo("config_snapshot");
        assertThat(fresh.get("version").asText()).isEqualTo(v2);
        assertThat(fresh.get("config")).isEqualTo(fixture.httpFlatConfig("/orders/prod"));
        assertThat(client.violations()).isEmpty();
    }

    @Test
    void resyncOfAKeyTheConnectionDoesNotFollow_isNotFound_andTheConnectionStaysUsable() {
        WsTestClient client = fixture.connect("/ws/orders/prod");
        client.next("config_snapshot");
        fixture.http().getJson("/billing/prod");

        client.send("{\"type\":\"resync\",\"last_version\":\"x\",\"app\":\"billing\",\"profile\":\"prod\"}");
        JsonNode error = client.next();

        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asText()).contains("billing");
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next().get("type").asText()).isEqualTo("pong");
        assertThat(client.closeStatus()).isNull();
    }
}
