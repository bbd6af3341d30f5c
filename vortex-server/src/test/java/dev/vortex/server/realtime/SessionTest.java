package dev.vortex.server.realtime;

import static dev.vortex.server.realtime.TestConfigs.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.config.ResolvedConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One session over an embedded channel: what it sends, when, and in which order; time from a test clock. */
class SessionTest {
    private static final Duration PING_INTERVAL = Duration.ofSeconds(30);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path emptySource;

    private SessionHarness harness;

    private SessionHarness harness(RealtimeSettings settings) {
        harness = new SessionHarness(settings, emptySource);
        return harness;
    }

    private SessionHarness harness() {
        return harness(RealtimeSettings.builder()
                .pingInterval(PING_INTERVAL)
                .pongTimeout(PONG_TIMEOUT)
                .compression(false)
                .build());
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Map<String, Object> orders(int maxItems) {
        return Map.of(
                "orders.max-items", maxItems, "orders.description", "the orders service, long enough for a patch");
    }

    @Test
    void start_sendsASnapshotOfTheOwnKey() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));

        List<JsonNode> received = sessions.open(ORDERS, null).received();

        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("type").asText()).isEqualTo("config_snapshot");
        assertThat(received.get(0).get("version").asText()).isEqualTo(v1.version());
        assertThat(received.get(0).at("/config/orders/max-items").asInt()).isEqualTo(50);
    }

    @Test
    void deliver_aChange_sendsTheDiffFromWhatTheClientHolds() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        ResolvedConfig v2 = sessions.resolve(ORDERS, orders(60));
        sessions.deliver(client, v2);

        List<JsonNode> received = client.received();
        assertThat(received).hasSize(1);
        JsonNode change = received.get(0);
        assertThat(change.get("type").asText()).isEqualTo("config_change");
        assertThat(change.get("old_version").asText()).isEqualTo(v1.version());
        assertThat(change.get("new_version").asText()).isEqualTo(v2.version());
        assertThat(change.get("diff").toString()).contains("/orders/max-items").contains("60");
    }

    @Test
    void deliver_theVersionTheClientHolds_sendsNothing() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        sessions.deliver(client, v1);

        assertThat(client.received()).isEmpty();
    }

    @Test
    void deliver_anOlderConfig_movesToTheNewestTheHistoryKnows() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);
        ResolvedConfig v2 = sessions.resolve(ORDERS, orders(60));
        ResolvedConfig v3 = sessions.resolve(ORDERS, orders(70));

        // v2's event arrives after v3 was recorded (two resolver threads): the client goes straight to v3.
        sessions.deliver(client, v2);
        sessions.deliver(client, v3);

        List<JsonNode> received = client.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("new_version").asText()).isEqualTo(v3.version());
    }

    @Test
    void slowClient_receivesLaggedAndOneConflatedDiff_whenTheSocketDrains() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        client.backpressure(true);
        sessions.deliver(client, sessions.resolve(ORDERS, orders(60)));
        sessions.deliver(client, sessions.resolve(ORDERS, orders(70)));
        ResolvedConfig v4 = sessions.resolve(ORDERS, orders(80));
        sessions.deliver(client, v4);
        assertThat(client.received()).isEmpty();

        client.backpressure(false);

        List<JsonNode> received = client.received();
        assertThat(received)
                .extracting(message -> message.get("type").asText())
                .containsExactly("lagged", "config_change");
        assertThat(received.get(0).get("skipped").asInt()).isEqualTo(2);
        assertThat(received.get(1).get("old_version").asText()).isEqualTo(v1.version());
        assertThat(received.get(1).get("new_version").asText()).isEqualTo(v4.version());
        assertThat(sessions.meters.counter("vortex.ws.lagged").count()).isEqualTo(1);
    }

    @Test
    void slowClient_backToWhatItHolds_getsNothingWhenTheSocketDrains() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        client.backpressure(true);
        sessions.deliver(client, sessions.resolve(ORDERS, orders(60)));
        // The source is reverted: the same content as v1, resolved again.
        sessions.deliver(client, sessions.resolve(ORDERS, orders(50)));
        client.backpressure(false);

        assertThat(client.received()).isEmpty();
        assertThat(v1.version())
                .isEqualTo(sessions.history.current(ORDERS).orElseThrow().version());
    }

    @Test
    void resume_withTheCurrentVersion_isAnsweredInSync() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));

        List<JsonNode> received = sessions.open(ORDERS, v1.version()).received();

        assertThat(received).extracting(message -> message.get("type").asText()).containsExactly("in_sync");
    }

    @Test
    void resume_withARememberedVersion_getsTheDiff_andWithAnUnknownOne_aSnapshot() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        sessions.resolve(ORDERS, orders(60));

        assertThat(sessions.open(ORDERS, v1.version()).receivedTypes()).containsExactly("config_change");
        assertThat(sessions.open(ORDERS, "not-a-version").receivedTypes()).containsExactly("config_snapshot");
    }

    @Test
    void resyncMessage_isAnsweredLikeAResume() {
        SessionHarness sessions = harness();
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        client.send("{\"type\":\"resync\",\"last_version\":\"" + v1.version() + "\"}");
        client.send("{\"type\":\"resync\",\"last_version\":\"unknown\"}");

        assertThat(client.receivedTypes()).containsExactly("in_sync", "config_snapshot");
    }

    @Test
    void messagesOverTheRateLimit_areDroppedWithOneError_untilTheNextSecond() {
        SessionHarness sessions = harness(RealtimeSettings.builder()
                .maxMessagesPerSecond(2)
                .maxFrameBytes(64 * 1024)
                .build());
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        for (int i = 0; i < 3; i++) {
            client.send("{\"type\":\"ping\"}");
        }
        List<JsonNode> received = client.received();
        assertThat(received)
                .extracting(message -> message.get("type").asText())
                .containsExactly("pong", "pong", "error");
        assertThat(received.get(2).get("code").asText()).isEqualTo("RATE_LIMITED");
        client.send("{\"type\":\"ping\"}");
        assertThat(client.received()).isEmpty();

        sessions.clock.advance(Duration.ofSeconds(5));
        client.send("{\"type\":\"ping\"}");
        assertThat(client.receivedTypes()).containsExactly("pong");
    }

    @Test
    void aSustainedFlood_closesWith1008() {
        SessionHarness sessions = harness(RealtimeSettings.builder()
                .maxMessagesPerSecond(2)
                .maxFrameBytes(64 * 1024)
                .build());
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        for (int window = 0; window < 3; window++) {
            for (int i = 0; i < 3; i++) {
                client.send("{\"type\":\"ping\"}");
            }
            sessions.clock.advance(Duration.ofSeconds(1));
        }

        List<JsonNode> received = client.received();
        JsonNode last = received.get(received.size() - 1);
        assertThat(last.get("frame").asText()).isEqualTo("close");
        assertThat(last.get("code").asInt()).isEqualTo(1008);
        assertThat(received.get(received.size() - 2).get("message").asText()).contains("sustained flood");
    }

    @Test
    void heartbeat_pingsAfterTheInterval_andClosesASilentClientAfterTheTimeout() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = connected(sessions);

        heartbeat(sessions, client, PING_INTERVAL.minusMillis(1));
        assertThat(client.received()).isEmpty();

        heartbeat(sessions, client, Duration.ofMillis(1));
        assertThat(client.receivedTypes()).containsExactly("ping", "ping");

        heartbeat(sessions, client, PONG_TIMEOUT);
        List<JsonNode> received = client.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("code").asInt()).isEqualTo(1001);
        assertThat(received.get(0).get("reason").asText()).isEqualTo("heartbeat timeout");
    }

    @Test
    void heartbeat_everySessionDueInASweep_isSentTheSamePingFrameAndJsonPing_inOneWrite() throws Exception {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client first = connected(sessions);
        SessionHarness.Client second = connected(sessions);

        sessions.clock.advance(PING_INTERVAL);
        sessions.sweep(first, second);

        List<byte[]> toFirst = first.writes();
        List<byte[]> toSecond = second.writes();
        assertThat(toFirst).as("both frames in one write, one flush").hasSize(1);
        assertThat(toSecond).hasSize(1);
        assertThat(toSecond.get(0)).isEqualTo(toFirst.get(0));
        List<Object> frames = decode(toFirst.get(0));
        try {
            assertThat(frames).hasSize(2);
            PingWebSocketFrame ping = (PingWebSocketFrame) frames.get(0);
            assertThat(ping.content().toString(StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(sessions.clock.millis()));
            String json = ((TextWebSocketFrame) frames.get(1)).text();
            assertThat(json).isEqualTo("{\"type\":\"ping\",\"timestamp\":\"" + sessions.clock.instant() + "\"}");
        } finally {
            frames.forEach(ReferenceCountUtil::release);
        }
        assertThat(sessions.meters
                        .counter("vortex.ws.messages.sent", "type", "ping")
                        .count())
                .isEqualTo(2);
    }

    @Test
    void heartbeat_aSessionNotDue_orClosing_isSentNothing_byTheSweepThatPingsAnother() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client early = connected(sessions);
        sessions.clock.advance(Duration.ofSeconds(5));
        SessionHarness.Client late = connected(sessions);
        SessionHarness.Client closed = connected(sessions);
        sessions.onLoop(() -> closed.channel.close());

        sessions.clock.advance(PING_INTERVAL.minusSeconds(5));
        sessions.sweep(early, late, closed);

        assertThat(early.receivedTypes()).containsExactly("ping", "ping");
        assertThat(late.received()).isEmpty();
        assertThat(closed.writes()).isEmpty();
    }

    /** The frames in {@code bytes}, decoded as a client decodes them. */
    private static List<Object> decode(byte[] bytes) {
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(false, true, 1024));
        decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Object> frames = new java.util.ArrayList<>();
        for (Object frame = decoder.readInbound(); frame != null; frame = decoder.readInbound()) {
            frames.add(frame);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }

    @Test
    void heartbeat_anyFrameFromTheClient_answersThePing_andMeasuresTheRoundTrip() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = sessions.open(ORDERS, null);
        heartbeat(sessions, client, PING_INTERVAL);
        client.received();

        sessions.clock.advance(Duration.ofMillis(40));
        client.send("{\"type\":\"pong\"}");
        heartbeat(sessions, client, PONG_TIMEOUT);

        assertThat(client.received()).isEmpty();
        assertThat(sessions.meters.timer("vortex.ws.ping.rtt").count()).isEqualTo(1);
        assertThat(sessions.meters.timer("vortex.ws.ping.rtt").totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(40);
    }

    @Test
    void subscribe_deliversTheKnownKeysThatMatch_andUnsubscribeStops() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        sessions.resolve(TestConfigs.BILLING, Map.of("billing.provider", "stripe"));
        // A key is visible to patterns once a client is connected to it (or key discovery found it).
        Session billing = sessions.open(TestConfigs.BILLING, null).session;
        SessionHarness.Client client = connected(sessions);

        client.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}");
        List<JsonNode> received = client.received();
        assertThat(received)
                .extracting(message -> message.get("type").asText())
                .containsExactly("subscribed", "config_snapshot");
        assertThat(received.get(1).get("app").asText()).isEqualTo("billing");
        assertThat(sessions.registry.recipients(TestConfigs.BILLING, true))
                .containsExactlyInAnyOrder(billing, client.session);

        client.send("{\"type\":\"unsubscribe\",\"patterns\":[\"billing:*:*\"]}");
        assertThat(client.receivedTypes()).containsExactly("unsubscribed");
        assertThat(sessions.registry.recipients(TestConfigs.BILLING, true)).containsExactly(billing);
    }

    @Test
    void patternsPastTheCharacterLimit_areRefused_andUnsubscribingMakesRoomAgain() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(5));
        SessionHarness.Client client = connected(sessions);
        // 386 characters each: 21 fit in the 8,192 characters a connection may hold, the 22nd does not.
        List<String> patterns = java.util.stream.IntStream.range(0, 22)
                .mapToObj(i -> String.format("%0128d:%s:%s", i, "p".repeat(128), "l".repeat(128)))
                .toList();

        client.send(subscribe("subscribe", patterns));
        List<JsonNode> received = client.received();
        assertThat(received).extracting(message -> message.get("type").asText()).containsExactly("error", "subscribed");
        assertThat(received.get(0).get("message").asText())
                .contains("at most " + Session.MAX_PATTERN_CHARACTERS + " characters in all");
        assertThat(received.get(1).get("patterns")).hasSize(21);

        client.send(subscribe("unsubscribe", patterns.subList(0, 1)));
        client.send(subscribe("subscribe", patterns.subList(21, 22)));
        assertThat(client.receivedTypes()).containsExactly("unsubscribed", "subscribed");
    }

    private static String subscribe(String type, List<String> patterns) {
        return "{\"type\":\"" + type + "\",\"patterns\":[\"" + String.join("\",\"", patterns) + "\"]}";
    }

    @Test
    void theClientsClose_removesTheSessionFromTheRegistry() {
        SessionHarness sessions = harness();
        sessions.resolve(ORDERS, orders(50));
        SessionHarness.Client client = sessions.open(ORDERS, null);
        assertThat(sessions.registry.recipients(ORDERS, true)).containsExactly(client.session);

        sessions.onLoop(() -> client.channel.close());

        assertThat(sessions.registry.recipients(ORDERS, true)).isEmpty();
    }

    /** A session of {@link TestConfigs#ORDERS} whose first frame the client has read. */
    private static SessionHarness.Client connected(SessionHarness sessions) {
        SessionHarness.Client client = sessions.open(ORDERS, null);
        client.received();
        return client;
    }

    /** Moves the clock and runs the heartbeat as the registry's sweep would. */
    private static void heartbeat(SessionHarness sessions, SessionHarness.Client client, Duration elapsed) {
        sessions.clock.advance(elapsed);
        sessions.sweep(client);
    }
}
