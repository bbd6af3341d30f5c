package dev.vortex.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.realtime.RealtimeFixture;

/**
 * What every client of the matrix does against the real server: snapshot, a change, {@code subscribe} with
 * a pattern, {@code resync}, and staying connected across heartbeats, answering each JSON {@code ping} with a
 * JSON {@code pong}. Messages a client sends are what a browser application sends; the {@code subscribe} is
 * padded with whitespace past 1 KiB so that clients which compress only larger messages (Node's {@code ws})
 * compress it too.
 */
final class InteropScenario {
    /** The sample repository's {@code orders.yml} with one value changed. */
    static final String ORDERS_CHANGED = RealtimeFixture.SAMPLE_ORDERS.replace("max-items: 50", "max-items: 60");
    /** Heartbeats the client must stay connected across. */
    static final int HEARTBEATS = 3;

    private final RealtimeFixture fixture;
    private final InteropClient client;
    private int pongsSent;

    private InteropScenario(RealtimeFixture fixture, InteropClient client) {
        this.fixture = fixture;
        this.client = client;
    }

    /** Runs the scenario over the fixture's {@link RealtimeFixture#writeSampleRepository() sample repository}. */
    static void run(RealtimeFixture fixture, InteropClient client) {
        new InteropScenario(fixture, client).run();
    }

    private void run() {
        JsonNode snapshot = next("config_snapshot");
        assertThat(snapshot.get("app").asText()).isEqualTo("orders");
        assertThat(snapshot.at("/config/orders/max-items").asInt()).isEqualTo(50);
        String firstVersion = snapshot.get("version").asText();

        fixture.write("orders.yml", ORDERS_CHANGED);
        fixture.refresh();
        JsonNode change = next("config_change");
        assertThat(change.get("old_version").asText()).isEqualTo(firstVersion);
        assertThat(change.get("diff").toString()).contains("/orders/max-items").contains("60");
        String newVersion = change.get("new_version").asText();

        client.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}" + " ".repeat(1100));
        assertThat(next("subscribed").get("patterns").toString()).contains("billing:*:*");
        JsonNode billing = next("config_snapshot");
        assertThat(billing.get("app").asText()).isEqualTo("billing");
        assertThat(billing.at("/config/billing/provider").asText()).isEqualTo("stripe");

        client.send("{\"type\":\"resync\",\"last_version\":\"" + firstVersion + "\"}");
        JsonNode resynced = next("config_change");
        assertThat(resynced.get("old_version").asText()).isEqualTo(firstVersion);
        assertThat(resynced.get("new_version").asText()).isEqualTo(newVersion);

        while (pongsSent < HEARTBEATS) {
            next("ping");
        }
        client.send("{\"type\":\"ping\"}");
        next("pong");
        assertThat(client.closeCode()).as("%s is still connected", client).isNull();
    }

    /** The next message of {@code type}; JSON pings met on the way are answered with a JSON pong. */
    private JsonNode next(String type) {
        long deadline = System.nanoTime() + InteropClient.TIMEOUT.toNanos();
        java.util.List<String> skipped = new java.util.ArrayList<>();
        while (true) {
            assertThat(System.nanoTime())
                    .as("%s: no %s within %s; got %s", client, type, InteropClient.TIMEOUT, skipped)
                    .isLessThan(deadline);
            JsonNode message = client.next();
            String received = message.get("type").asText();
            skipped.add(received);
            if (received.equals("ping")) {
                client.send("{\"type\":\"pong\"}");
                pongsSent++;
            }
            if (received.equals(type)) {
                return message;
            }
            assertThat(received).as("%s got an error", client).isNotEqualTo("error");
        }
    }
}
