package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heartbeat at the wire, with a hand-written client (one that answers nothing unless the test says so), on
 * connections with and without {@code permessage-deflate}: what a ping is (PROTOCOL.md: a ping frame and a JSON
 * {@code ping} with its timestamp), that a silent client is closed after the pong timeout, and that any answer
 * keeps a connection open.
 */
class RealtimeHeartbeatTest {
    private static final String PATH = "/ws/orders/prod";
    /**
     * Pings come quickly; the pong timeout leaves a test thread on a loaded machine ample time to answer (what it
     * bounds is how long the silent client's test waits for its close).
     */
    private static final RealtimeSettings FAST_HEARTBEAT = RealtimeSettings.builder()
            .pingInterval(Duration.ofMillis(250))
            .pongTimeout(Duration.ofSeconds(1))
            .build();

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.startedByEachTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private final List<RawWebSocket> sockets = new ArrayList<>();

    /** Runs before the fixture closes the server. */
    @AfterEach
    void closeSockets() {
        sockets.forEach(RawWebSocket::close);
    }

    /** A connection past its snapshot, with the extension negotiated (and in force: the snapshot came compressed). */
    private RawWebSocket connect(boolean deflate) {
        RawWebSocket socket = deflate
                ? RawWebSocket.open(
                        fixture.server().port(),
                        PATH,
                        WsTestClient.TIMEOUT,
                        0,
                        "Sec-WebSocket-Version: 13",
                        RawWebSocket.OFFER_DEFLATE)
                : RawWebSocket.open(fixture.server().port(), PATH, WsTestClient.TIMEOUT);
        sockets.add(socket);
        assertThat(socket.status()).isEqualTo(101);
        RawWebSocket.Frame snapshot = socket.next();
        assertThat(json(snapshot).get("type").asText()).isEqualTo("config_snapshot");
        assertThat(snapshot.compressed()).as("compression in force").isEqualTo(deflate);
        return socket;
    }

    private static JsonNode json(RawWebSocket.Frame frame) {
        assertThat(frame.opcode()).as("a text frame").isEqualTo(RawWebSocket.TEXT);
        return TestClient.json(frame.text());
    }

    /** Reads one ping as PROTOCOL.md has it: a ping frame, then a JSON {@code ping}. */
    private static JsonNode nextPing(RawWebSocket socket) {
        RawWebSocket.Frame frame = socket.next();
        assertThat(frame.opcode()).as("a ping frame").isEqualTo(RawWebSocket.PING);
        return json(socket.next());
    }

    @ParameterizedTest(name = "permessage-deflate: {0}")
    @ValueSource(booleans = {false, true})
    void aPing_isAPingFrameThenAJsonPing_withItsTypeAndAnIsoUtcTimestamp(boolean deflate) {
        fixture.startServer(builder -> builder.realtime(FAST_HEARTBEAT));
        RawWebSocket socket = connect(deflate);
        Instant connected = Instant.now();

        JsonNode ping = nextPing(socket);

        assertThat(ping.get("type").asText()).isEqualTo("ping");
        String timestamp = ping.get("timestamp").asText();
        assertThat(timestamp).endsWith("Z");
        assertThat(Instant.parse(timestamp)).isAfter(connected.minusSeconds(1));
        assertThat(ping.size()).as("type and timestamp, nothing else: " + ping).isEqualTo(2);
    }

    @ParameterizedTest(name = "permessage-deflate: {0}")
    @ValueSource(booleans = {false, true})
    void aSilentClient_isPinged_thenClosedWith1001_afterThePongTimeout(boolean deflate) {
        fixture.startServer(builder -> builder.realtime(FAST_HEARTBEAT));
        RawWebSocket silent = connect(deflate);

        nextPing(silent);
        RawWebSocket.Frame close = silent.next();

        assertThat(close.opcode())
                .as("no second ping while the first is unanswered")
                .isEqualTo(RawWebSocket.CLOSE);
        assertThat(close.closeStatus()).isEqualTo(1001);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("heartbeat timeout");
    }

    /** How a test client answers a ping: PROTOCOL.md counts any frame from the client. */
    enum Answer {
        PONG_FRAME_PLAIN(false),
        JSON_PONG_PLAIN(false),
        PONG_FRAME_COMPRESSED_CONNECTION(true),
        COMPRESSED_JSON_PONG(true);

        final boolean deflate;

        Answer(boolean deflate) {
            this.deflate = deflate;
        }

        void send(RawWebSocket socket, JsonNode ping) {
            String pong = "{\"type\":\"pong\",\"timestamp\":\""
                    + ping.get("timestamp").asText() + "\"}";
            switch (this) {
                case PONG_FRAME_PLAIN, PONG_FRAME_COMPRESSED_CONNECTION ->
                    socket.sendFrame(true, RawWebSocket.PONG, new byte[0]);
                case JSON_PONG_PLAIN -> socket.sendText(pong);
                case COMPRESSED_JSON_PONG -> socket.sendCompressed(pong);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Answer.class)
    void aClientThatAnswersEachPing_staysOpen_pingAfterPing(Answer answer) {
        fixture.startServer(builder -> builder.realtime(FAST_HEARTBEAT));
        RawWebSocket socket = connect(answer.deflate);

        // Each ping comes a ping interval after the last was answered; a close frame would fail nextPing.
        for (int i = 0; i < 4; i++) {
            JsonNode ping = nextPing(socket);
            assertThat(ping.get("type").asText()).isEqualTo("ping");
            answer.send(socket, ping);
        }

        socket.sendText("{\"type\":\"ping\"}");
        RawWebSocket.Frame frame = socket.next();
        while (frame.opcode() == RawWebSocket.PING) {
            // A heartbeat that came first: its JSON ping follows, and then the answer to ours.
            socket.next();
            frame = socket.next();
        }
        assertThat(json(frame).get("type").asText()).isEqualTo("pong");
    }
}
