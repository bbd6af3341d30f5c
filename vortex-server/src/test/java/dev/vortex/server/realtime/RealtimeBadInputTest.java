package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the server does with bad input: on an open connection, and on the upgrade request itself. */
class RealtimeBadInputTest {
    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.startedByEachTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private void start(RealtimeSettings settings) {
        fixture.startServer(builder -> builder.realtime(settings));
    }

    private WsTestClient connected() {
        WsTestClient client = fixture.connect("/ws/orders/prod");
        client.next("config_snapshot");
        return client;
    }

    /** Sends {@code message}, expects an error with {@code code}, then checks that the connection still works. */
    private static void assertRefusedButStillOpen(WsTestClient client, String message, String code) {
        client.send(message);
        JsonNode error = client.next();
        assertThat(error.get("type").asText()).as("answer to %s", message).isEqualTo("error");
        assertThat(error.get("code").asText()).as("answer to %s", message).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertStillOpen(client);
    }

    private static void assertStillOpen(WsTestClient client) {
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next().get("type").asText()).isEqualTo("pong");
        assertThat(client.closeStatus()).isNull();
    }

    @Test
    void malformedOrUnknownMessages_andBadPatterns_areErrors_andTheConnectionStaysOpen() {
        start(RealtimeSettings.DEFAULTS);
        WsTestClient client = connected();

        assertRefusedButStillOpen(client, "{\"type\":", "INVALID_MESSAGE");
        assertRefusedButStillOpen(client, "[1,2]", "INVALID_MESSAGE");
        assertRefusedButStillOpen(client, "{\"type\":\"nope\"}", "UNKNOWN_TYPE");
        assertRefusedButStillOpen(client, "{\"type\":\"subscribe\",\"patterns\":[\"a:b\"]}", "INVALID_PATTERN");
        assertRefusedButStillOpen(client, "{\"type\":\"subscribe\",\"patterns\":[\"a:b:c/d\"]}", "INVALID_PATTERN");
        assertThat(client.violations()).isEmpty();
    }

    @Test
    void aPatternPartOver128Characters_isAnInvalidPattern_namingTheLimit() {
        start(RealtimeSettings.DEFAULTS);
        WsTestClient client = connected();

        client.send("{\"type\":\"subscribe\",\"patterns\":[\"" + "a".repeat(129) + ":*:*\"]}");

        JsonNode error = client.next("error");
        assertThat(error.get("code").asText()).isEqualTo("INVALID_PATTERN");
        assertThat(error.get("message").asText())
                .contains("129")
                .contains("128")
                .hasSizeLessThan(200);
        assertStillOpen(client);
    }

    @Test
    void patternsBeyondTheTotalPerConnection_areRefused_andThoseBeforeThemKept() {
        start(RealtimeSettings.DEFAULTS);
        WsTestClient client = connected();
        // Each pattern 3 x 100 characters and two colons: 27 fit in 8 KiB, the 28th does not.
        StringBuilder patterns = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            String app = String.format("%03d", i) + "a".repeat(97);
            patterns.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(app)
                    .append(':')
                    .append("p".repeat(100))
                    .append(':')
                    .append("l".repeat(100))
                    .append('"');
        }

        client.send("{\"type\":\"subscribe\",\"patterns\":[" + patterns + "]}");

        JsonNode error = client.next("error");
        assertThat(error.get("code").asText()).isEqualTo("INVALID_PATTERN");
        assertThat(error.get("message").asText()).contains("8192");
        JsonNode subscribed = client.next("subscribed");
        assertThat(subscribed.get("patterns")).hasSize(27);
        assertStillOpen(client);
    }

    @Test
    void aBinaryMessage_isInvalid_andTheConnectionStaysOpen() {
        start(RealtimeSettings.DEFAULTS);
        WsTestClient client = connected();

        client.sendBinary(new byte[] {1, 2, 3});
        JsonNode error = client.next();

        assertThat(error.get("code").asText()).isEqualTo("INVALID_MESSAGE");
        assertStillOpen(client);
    }

    @Test
    void aMessageOverTheLimit_isRefusedWithMessageTooLarge_thenClosedWith1009() {
        start(RealtimeSettings.builder()
                .maxMessagesPerSecond(100)
                .maxFrameBytes(1024)
                .build());
        WsTestClient client = connected();

        client.send("{\"type\":\"ping\",\"padding\":\"" + "x".repeat(2000) + "\"}");
        JsonNode error = client.next();

        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
        await().atMost(WsTestClient.TIMEOUT).until(() -> client.closeStatus() != null);
        assertThat(client.closeStatus()).isEqualTo((short) 1009);
    }

    @Test
    void aBurstOverTheRateLimit_isRateLimited_andASustainedFlood_isClosedWith1008() {
        start(RealtimeSettings.builder()
                .maxMessagesPerSecond(100)
                .maxFrameBytes(1024)
                .build());
        WsTestClient client = connected();

        for (int i = 0; i < 1000; i++) {
            client.send("{\"type\":\"ping\"}");
        }
        JsonNode limited = client.next("error");
        assertThat(limited.get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(client.closeStatus()).isNull();

        // Keep flooding, a few hundred messages a second, until the server gives up on the connection.
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (client.closeStatus() == null && System.nanoTime() < deadline) {
            for (int i = 0; i < 20; i++) {
                client.send("{\"type\":\"ping\"}");
            }
            sleep(Duration.ofMillis(20));
        }
        await().atMost(WsTestClient.TIMEOUT).until(() -> client.closeStatus() != null);
        assertThat(client.closeStatus()).isEqualTo((short) 1008);
    }

    @Test
    void anUpgradeRequestWithoutUpgradeHeader_is400Json() {
        start(RealtimeSettings.DEFAULTS);

        HttpResponse<String> response = fixture.http().get("/ws/orders/prod");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = TestClient.json(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).containsIgnoringCase("upgrade");
    }

    @Test
    void anUnknownShape_isRefusedWith400_beforeUpgrading() {
        start(RealtimeSettings.DEFAULTS);

        try (RawWebSocket refused =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod?shape=weird", WsTestClient.TIMEOUT)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(TestClient.json(refused.body()).get("message").asText()).contains("weird");
        }
    }

    @Test
    void aTraversalAttempt_isRefusedWith400_beforeUpgrading() {
        start(RealtimeSettings.DEFAULTS);

        try (RawWebSocket refused =
                RawWebSocket.open(fixture.server().port(), "/ws/..%2f/prod", WsTestClient.TIMEOUT)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(TestClient.json(refused.body()).get("status").asInt()).isEqualTo(400);
        }
        // The same request made properly is upgraded: the 400 above is about the path, not the handshake.
        try (RawWebSocket accepted =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod", WsTestClient.TIMEOUT)) {
            assertThat(accepted.status()).isEqualTo(101);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
