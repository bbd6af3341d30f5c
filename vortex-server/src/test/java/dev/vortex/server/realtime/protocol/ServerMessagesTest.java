package dev.vortex.server.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server half of the codec: each message's fields as PROTOCOL.md names them, stamped by the clock. */
class ServerMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ConfigKey ORDERS = new ConfigKey("orders", "prod", "main");

    private final ServerMessages messages = new ServerMessages(Clock.fixed(NOW, ZoneOffset.UTC));

    private static JsonNode read(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }

    @Test
    void snapshot_namesTheKeyTheVersionAndTheTime() throws IOException {
        JsonNode snapshot =
                read(messages.snapshot(ORDERS, JSON.createObjectNode().put("a", 1), "v1"));

        assertThat(snapshot.get("type").asText()).isEqualTo("config_snapshot");
        assertThat(snapshot.get("app").asText()).isEqualTo("orders");
        assertThat(snapshot.get("profile").asText()).isEqualTo("prod");
        assertThat(snapshot.get("label").asText()).isEqualTo("main");
        assertThat(snapshot.get("version").asText()).isEqualTo("v1");
        assertThat(snapshot.at("/config/a").asInt()).isEqualTo(1);
        assertThat(snapshot.get("timestamp").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void change_carriesTheDiffAndBothVersions() throws IOException {
        JsonNode change = read(messages.change(
                ORDERS,
                JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("op", "remove").put("path", "/a")),
                "v1",
                "v2"));

        assertThat(change.get("type").asText()).isEqualTo("config_change");
        assertThat(change.get("old_version").asText()).isEqualTo("v1");
        assertThat(change.get("new_version").asText()).isEqualTo("v2");
        assertThat(change.at("/diff/0/op").asText()).isEqualTo("remove");
    }

    @Test
    void theSmallerMessages() throws IOException {
        assertThat(read(messages.inSync(ORDERS, "v1")).get("version").asText()).isEqualTo("v1");
        assertThat(read(messages.lagged(ORDERS, 3)).get("skipped").asInt()).isEqualTo(3);

        assertThat(read(messages.pong()).get("type").asText()).isEqualTo("pong");
        assertThat(read(messages.subscribed(List.of(KeyPattern.parse("orders:*:*"))))
                        .get("patterns")
                        .toString())
                .isEqualTo("[\"orders:*:*\"]");
        assertThat(read(messages.unsubscribed(List.of())).get("type").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void ping_isStampedWithTheTimeItIsGiven_notTheClocks() throws IOException {
        Instant sweep = Instant.parse("2026-03-01T11:59:59.250Z");

        JsonNode ping = read(messages.ping(sweep));

        assertThat(ping.get("type").asText()).isEqualTo("ping");
        assertThat(ping.get("timestamp").asText()).isEqualTo("2026-03-01T11:59:59.250Z");
        assertThat(ping.size()).as("type and timestamp, nothing else").isEqualTo(2);
    }

    @Test
    void errorAndClosing_sayWhy() throws IOException {
        JsonNode error = read(messages.error(ErrorCode.NOT_FOUND, "no config known"));
        JsonNode closing = read(messages.connectionClosing("shutdown", 1234));

        assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asText()).isEqualTo("no config known");
        assertThat(closing.get("reason").asText()).isEqualTo("shutdown");
        assertThat(closing.get("reconnect_after_ms").asLong()).isEqualTo(1234);
    }
}
