package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestServers;
import dev.vortex.server.WsTestClient;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.IpRange;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Refused {@code auth} messages on an open WebSocket are slowed down like failed HTTP credentials
 * ({@code security.failure-delay}, counted per client address with them), on a real server and a real client:
 * past the threshold the refusal is held, the messages sent after it wait behind it and are answered after it,
 * in order, while pushed changes and heartbeat frames go on; a window after the last failure, on the test's
 * clock, the address is forgotten. Whether an answer was held is read from {@code
 * vortex_auth_failures_delayed_total} and from what arrived before a later frame, never from how long anything
 * took. Behind a trusted proxy, the count is the client's that the proxy named on the upgrade ({@code
 * X-Forwarded-For}); from any other peer that header changes nothing.
 */
class AuthFailureDelayTest {
    private static final String CI_KEY = "ci-key-0123456789abcdef";
    private static final String METRICS_KEY = "metrics-key-0123456789abcdef";
    private static final String WRONG = "{\"type\":\"auth\",\"token\":\"wrong-key-0123456789abcdef\"}";
    private static final String PING = "{\"type\":\"ping\"}";

    @TempDir
    Path repo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void pastTheThreshold_aRefusedAuthIsHeld_laterMessagesWait_pushesAndHeartbeatsDoNot_andTheWindowForgets() {
        // A hold far longer than the test: an answer that comes at all was not held.
        try (RealtimeFixture fixture = start(new FailureDelaySettings(
                true, 2, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100))) {
            WsTestClient client = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
            client.next("config_snapshot");
            for (int i = 0; i < 2; i++) {
                client.send(WRONG);
                assertThat(client.next().get("message").asText()).startsWith("auth refused: unknown API key");
            }

            client.send(WRONG);
            client.send(PING);
            await().atMost(WsTestClient.TIMEOUT).until(() -> delayed(fixture) == 1);
            // A ping frame sent after the JSON ping is answered by the socket itself: once its pong is back, the
            // server has read the JSON ping, and would have answered it before the pong frame had it not waited.
            client.pingFrame();
            assertThat(client.drain(Duration.ZERO)).isEmpty();

            // Changes are still pushed while the answer is held.
            fixture.write("orders-prod.yml", "orders:\n  max-items: 900\n");
            fixture.refresh();
            JsonNode pushed = client.next();
            // A snapshot when it is smaller than the patch, as it is for a config this small.
            assertThat(pushed.get("type").asText()).isIn("config_change", "config_snapshot");
            assertThat(pushed.toString()).contains("900");
            assertThat(client.closeStatus()).isNull();

            clock.advance(Duration.ofSeconds(61));

            // The address is forgotten: a new connection's refusal is answered at once.
            WsTestClient later = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
            later.next("config_snapshot");
            later.send(WRONG);
            assertThat(later.next().get("message").asText()).startsWith("auth refused");
            assertThat(delayed(fixture)).isEqualTo(1);
        }
    }

    @Test
    void heldRefusals_areAnsweredAfterTheirDelay_beforeTheMessagesSentAfterThem_countedWithHttpFailures() {
        try (RealtimeFixture fixture = start(new FailureDelaySettings(
                true, 2, Duration.ofMinutes(1), Duration.ofMillis(50), Duration.ofMillis(50), 100))) {
            WsTestClient client = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
            client.next("config_snapshot");
            // Two failed HTTP requests from the same address: the WebSocket's first refusal is the third failure.
            for (int i = 0; i < 2; i++) {
                assertThat(fixture.http()
                                .get("/orders/prod", "X-API-Key", "wrong-key-0123456789abcdef")
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(delayed(fixture)).isZero();

            client.send(WRONG);
            client.send(PING);
            client.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}");
            client.send(WRONG);
            client.send("{\"type\":\"auth\",\"token\":\"" + METRICS_KEY + "\"}");
            client.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}");

            // Each answer in the order of the messages: the second refusal waited for the first, and the second
            // subscribe was judged with the key the auth before it brought.
            assertThat(answer(client.next())).isEqualTo("error FORBIDDEN auth refused: unknown API key");
            assertThat(answer(client.next())).isEqualTo("pong");
            assertThat(answer(client.next())).isEqualTo("error FORBIDDEN not allowed to read 'billing:*:*'");
            assertThat(answer(client.next())).isEqualTo("error FORBIDDEN auth refused: unknown API key");
            assertThat(answer(client.next())).isEqualTo("subscribed [\"billing:*:*\"]");
            assertThat(delayed(fixture)).isEqualTo(2);
        }
    }

    @Test
    void aClientSendingMoreThanMayWait_behindAHeldRefusal_isClosedAsAFlood() {
        try (RealtimeFixture fixture = start(new FailureDelaySettings(
                true, 0, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100))) {
            WsTestClient client = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
            client.next("config_snapshot");

            client.send(WRONG);
            for (int i = 0; i <= HeldMessages.MAX_MESSAGES; i++) {
                client.send(PING);
            }

            JsonNode error = client.next();
            assertThat(error.get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(error.get("message").asText()).contains("while the answer to 'auth' was held");
            await().atMost(WsTestClient.TIMEOUT).until(() -> client.closeStatus() != null);
            assertThat(client.closeStatus()).isEqualTo((short) 1008);
        }
    }

    @Test
    void behindATrustedProxy_refusedAuthsCountForTheClientItNamedOnTheUpgrade_withThatClientsHttpFailures() {
        Logger endpointLog = (Logger) LoggerFactory.getLogger(RealtimeEndpoint.class);
        ListAppender<ILoggingEvent> opened = new ListAppender<>();
        opened.start();
        endpointLog.addAppender(opened);
        Logger authorizerLog = (Logger) LoggerFactory.getLogger(CredentialsAuthorizer.class);
        ListAppender<ILoggingEvent> failures = new ListAppender<>();
        failures.start();
        authorizerLog.addAppender(failures);
        try (RealtimeFixture fixture = start(
                new FailureDelaySettings(
                        true, 2, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100),
                TrustedProxies.of(List.of(IpRange.parse("127.0.0.1"))))) {
            // One failure over HTTP, through the proxy, for the client 203.0.113.7 ...
            assertThat(fixture.http()
                            .get(
                                    "/orders/prod",
                                    "X-API-Key",
                                    "wrong-key-0123456789abcdef",
                                    "X-Forwarded-For",
                                    "203.0.113.7")
                            .statusCode())
                    .isEqualTo(401);
            // ... and one on its WebSocket, whose upgrade named it with an address of its own in front.
            WsTestClient client = fixture.connectWithHeaders(
                    "/ws/orders/prod?token=" + CI_KEY, "X-Forwarded-For", "1.2.3.4, 203.0.113.7");
            client.next("config_snapshot");
            client.send(WRONG);
            assertThat(client.next().get("message").asText()).startsWith("auth refused: unknown API key");

            // Another client behind the same proxy, and the proxy itself, are answered at once.
            WsTestClient other =
                    fixture.connectWithHeaders("/ws/orders/prod?token=" + CI_KEY, "X-Forwarded-For", "203.0.113.8");
            WsTestClient direct = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
            for (WsTestClient answeredAtOnce : List.of(other, direct)) {
                answeredAtOnce.next("config_snapshot");
                for (int i = 0; i < 2; i++) {
                    answeredAtOnce.send(WRONG);
                    assertThat(answeredAtOnce.next().get("message").asText()).startsWith("auth refused");
                }
            }
            assertThat(delayed(fixture)).isZero();

            // The third failure of 203.0.113.7 is held.
            client.send(WRONG);
            await().atMost(WsTestClient.TIMEOUT).until(() -> delayed(fixture) == 1);
            client.pingFrame();
            assertThat(client.drain(Duration.ZERO)).isEmpty();
        } finally {
            endpointLog.detachAppender(opened);
            authorizerLog.detachAppender(failures);
        }
        // Each failed attempt is logged with the client it counts for: the one the proxy named, or the peer.
        assertThat(failures.list)
                .map(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.startsWith("authentication failed"))
                .satisfiesExactly(
                        http -> assertThat(http).contains("client=203.0.113.7 scheme=api_key"),
                        auth -> assertThat(auth).contains("client=203.0.113.7 scheme=auth_message"),
                        other -> assertThat(other).contains("client=203.0.113.8 "),
                        other -> assertThat(other).contains("client=203.0.113.8 "),
                        direct -> assertThat(direct).contains("client=127.0.0.1 "),
                        direct -> assertThat(direct).contains("client=127.0.0.1 "),
                        held -> assertThat(held).contains("client=203.0.113.7 scheme=auth_message"));
        // The log names the client, and the proxy it came through; a direct client as before.
        assertThat(opened.list)
                .map(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.startsWith("ws open"))
                .satisfiesExactly(
                        first -> assertThat(first)
                                .contains(" remote=203.0.113.7 ")
                                .contains(" proxy=/127.0.0.1:"),
                        second -> assertThat(second)
                                .contains(" remote=203.0.113.8 ")
                                .contains(" proxy=/127.0.0.1:"),
                        third -> assertThat(third)
                                .contains(" remote=/127.0.0.1:")
                                .doesNotContain("proxy="));
    }

    @Test
    void fromAPeerThatIsNoTrustedProxy_theUpgradesHeaderChangesNothing() {
        try (RealtimeFixture fixture = start(new FailureDelaySettings(
                true, 2, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100))) {
            for (String claimed : List.of("203.0.113.7", "203.0.113.8")) {
                WsTestClient client =
                        fixture.connectWithHeaders("/ws/orders/prod?token=" + CI_KEY, "X-Forwarded-For", claimed);
                client.next("config_snapshot");
                client.send(WRONG);
                assertThat(client.next().get("message").asText()).startsWith("auth refused");
            }

            WsTestClient third =
                    fixture.connectWithHeaders("/ws/orders/prod?token=" + CI_KEY, "X-Forwarded-For", "203.0.113.9");
            third.next("config_snapshot");
            third.send(WRONG);
            await().atMost(WsTestClient.TIMEOUT).until(() -> delayed(fixture) == 1);
        }
    }

    private RealtimeFixture start(FailureDelaySettings delay) {
        return start(delay, TrustedProxies.NONE);
    }

    private RealtimeFixture start(FailureDelaySettings delay, TrustedProxies proxies) {
        SecuritySettings security = TestServers.apiKeysOnly(
                delay,
                new SecuritySettings.ApiKey("ci", CI_KEY, Grants.parse(List.of("orders:*:*"), List.of())),
                new SecuritySettings.ApiKey(
                        "metrics", METRICS_KEY, Grants.parse(List.of("*:*:*"), List.of("metrics"))));
        RealtimeFixture fixture = RealtimeFixture.start(
                repo, builder -> builder.security(security).trustedProxies(proxies), clock);
        fixture.write("orders-prod.yml", "orders:\n  max-items: 500\n");
        fixture.write("billing.yml", "billing:\n  provider: stripe\n");
        return fixture;
    }

    /** The type of a message, with the code and text of an error or the patterns of a subscription. */
    private static String answer(JsonNode message) {
        String type = message.get("type").asText();
        return switch (type) {
            case "error" ->
                "error " + message.get("code").asText() + " "
                        + message.get("message").asText();
            case "subscribed" -> "subscribed " + message.get("patterns");
            default -> type;
        };
    }

    private static double delayed(RealtimeFixture fixture) {
        return fixture.http().metric("vortex_auth_failures_delayed_total", "X-API-Key", METRICS_KEY);
    }
}
