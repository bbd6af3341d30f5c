package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.server.WsTestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The protocol of PROTOCOL.md against a real server and real WebSocket clients. */
class RealtimeProtocolTest {
    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(RealtimeFixture::writeSampleRepository);

    /** Big enough that a one-value change is a patch, not a snapshot. */
    static final String ORDERS = """
            server:
              port: 8081
            orders:
              max-items: 50
              currencies: [EUR, USD]
              retry:
                attempts: 3
                backoff-ms: 200
              description: the orders service, which takes orders and hands them to billing
            """;

    @Test
    void firstMessage_isASnapshot_equalToTheHttpConfig_inBothShapes() {
        WsTestClient nested = fixture.connect("/ws/orders/prod");
        WsTestClient flat = fixture.connect("/ws/orders/prod?shape=flat");

        JsonNode snapshot = nested.next();
        JsonNode flatSnapshot = flat.next();

        assertThat(snapshot.get("type").asText()).isEqualTo("config_snapshot");
        assertThat(snapshot.get("app").asText()).isEqualTo("orders");
        assertThat(snapshot.get("profile").asText()).isEqualTo("prod");
        assertThat(snapshot.get("timestamp").asText()).isNotBlank();
        JsonNode httpFlat = fixture.httpFlatConfig("/orders/prod");
        assertThat(flatSnapshot.get("config")).isEqualTo(httpFlat);
        Map<String, Object> flatMap = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : httpFlat.properties()) {
            flatMap.put(
                    field.getKey(),
                    field.getValue().isInt()
                            ? field.getValue().asInt()
                            : field.getValue().asText());
        }
        assertThat(snapshot.get("config")).isEqualTo(ConfigShapes.nested(flatMap));
        assertThat(snapshot.get("config").at("/orders/currencies/1").asText()).isEqualTo("USD");
        assertThat(snapshot.get("version")).isEqualTo(flatSnapshot.get("version"));
    }

    @Test
    void fileEdit_sendsAPatch_thatTurnsTheSnapshotIntoTheNewHttpConfig() {
        WsTestClient client = fixture.connect("/ws/orders/prod?shape=flat");
        client.next("config_snapshot");

        fixture.write("orders.yml", ORDERS.replace("8081", "9090").replace("[EUR, USD]", "[EUR]"));
        fixture.refresh();

        JsonNode change = client.next("config_change");
        assertThat(change.get("diff").toString()).contains("replace").contains("/server.port");
        assertThat(client.config("orders", "prod", null)).isEqualTo(fixture.httpFlatConfig("/orders/prod"));
        assertThat(client.violations()).isEmpty();
    }

    @Test
    void unrelatedApplications_receiveNothing_andAnUnchangedInvalidationSendsNothing() {
        WsTestClient orders = fixture.connect("/ws/orders/prod");
        WsTestClient billing = fixture.connect("/ws/billing/prod");
        orders.next("config_snapshot");
        billing.next("config_snapshot");

        fixture.write("orders.yml", ORDERS.replace("50", "51"));
        fixture.refresh();
        orders.next("config_change");
        assertThat(fixture.http().delete("/cache/billing/prod").statusCode()).isEqualTo(204);
        assertThat(fixture.http().delete("/cache").statusCode()).isEqualTo(204);

        assertThat(billing.drain(Duration.ofMillis(500))).isEmpty();
        assertThat(orders.drain(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void cacheDrop_reresolvesAndBroadcasts() {
        WsTestClient client = fixture.connect("/ws/orders/prod");
        client.next("config_snapshot");
        fixture.write("orders.yml", ORDERS.replace("50", "52"));

        assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);

        client.next("config_change");
        assertThat(client.config("orders", "prod", null).at("/orders/max-items").asInt())
                .isEqualTo(52);
    }
}
