package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code permessage-deflate} (RFC 7692) at the wire, with a hand-written client: what the 101 answers, the
 * compressed frames the server writes (once for every recipient), the compressed messages it reads, and each
 * way a client can get compression wrong.
 */
class WebSocketCompressionTest {
    private static final String PATH = "/ws/orders/prod";
    private static final String ANSWER =
            "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.startedByEachTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private final List<RawWebSocket> sockets = new ArrayList<>();

    private void start(RealtimeSettings settings) {
        fixture.startServer(builder -> builder.realtime(settings));
    }

    /** Runs before the fixture closes the server. */
    @AfterEach
    void closeSockets() {
        sockets.forEach(RawWebSocket::close);
    }

    private RawWebSocket open(String... headers) {
        List<String> all = new ArrayList<>(List.of("Sec-WebSocket-Version: 13"));
        all.addAll(List.of(headers));
        RawWebSocket socket =
                RawWebSocket.open(fixture.server().port(), PATH, WsTestClient.TIMEOUT, 0, all.toArray(String[]::new));
        sockets.add(socket);
        assertThat(socket.status()).isEqualTo(101);
        return socket;
    }

    /** A connection that negotiated the extension, past its (compressed) snapshot. */
    private RawWebSocket compressed() {
        RawWebSocket socket = open(RawWebSocket.OFFER_DEFLATE);
        RawWebSocket.Frame snapshot = socket.next();
        assertThat(snapshot.compressed())
                .as("the snapshot is over the threshold")
                .isTrue();
        assertThat(type(snapshot)).isEqualTo("config_snapshot");
        return socket;
    }

    private static String type(RawWebSocket.Frame frame) {
        return TestClient.json(frame.text()).get("type").asText();
    }

    private static long extensionHeaders(RawWebSocket socket) {
        return socket.response()
                .lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions:"))
                .count();
    }

    @Test
    void aBrowsersOffer_isAnsweredOnce_withBothNoContextTakeovers() {
        start(RealtimeSettings.DEFAULTS);

        RawWebSocket socket = open(RawWebSocket.OFFER_DEFLATE);

        assertThat(socket.response()).containsIgnoringCase(ANSWER);
        assertThat(extensionHeaders(socket))
                .as("Vert.x adds no answer of its own")
                .isEqualTo(1);
    }

    @Test
    void noOffer_orAnOfferTheServerCannotHonour_isAnsweredWithoutExtension_andFramesAreUncompressed() {
        start(RealtimeSettings.DEFAULTS);

        RawWebSocket none = open();
        RawWebSocket smallWindow = open("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10");
        RawWebSocket other = open("Sec-WebSocket-Extensions: x-webkit-deflate-frame");

        for (RawWebSocket socket : List.of(none, smallWindow, other)) {
            assertThat(extensionHeaders(socket)).as(socket.response()).isZero();
            RawWebSocket.Frame snapshot = socket.next();
            assertThat(snapshot.compressed()).isFalse();
            assertThat(type(snapshot)).isEqualTo("config_snapshot");
        }
    }

    @Test
    void withCompressionOff_anOfferIsNeverAnswered() {
        start(RealtimeSettings.builder().compression(false).build());

        RawWebSocket socket = open(RawWebSocket.OFFER_DEFLATE);

        assertThat(extensionHeaders(socket)).isZero();
        assertThat(socket.next().compressed()).isFalse();
    }

    @Test
    void aChange_isCompressedOnce_andTheSameBytesGoToEveryCompressedRecipient() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket first = compressed();
        RawWebSocket second = compressed();
        RawWebSocket plain = open();
        assertThat(plain.next().compressed()).isFalse();
        await().atMost(WsTestClient.TIMEOUT).until(() -> fixture.metric("vortex_ws_connections_active", "") == 3.0);
        double before = fixture.metric("vortex_ws_frames_compressed_total", "");

        // A change whose diff is well over the threshold: a long new value.
        fixture.write("orders.yml", RealtimeProtocolTest.ORDERS + "notes: \"" + "a long note, ".repeat(40) + "\"\n");
        fixture.refresh();

        RawWebSocket.Frame toFirst = first.next();
        RawWebSocket.Frame toSecond = second.next();
        RawWebSocket.Frame toPlain = plain.next();
        assertThat(toFirst.compressed()).isTrue();
        assertThat(toFirst.payload()).isEqualTo(toSecond.payload());
        assertThat(toFirst.payload().length).isLessThan(toPlain.payload().length);
        assertThat(toPlain.compressed()).isFalse();
        assertThat(toFirst.text()).isEqualTo(toPlain.text());
        assertThat(type(toFirst)).isEqualTo("config_change");
        assertThat(fixture.metric("vortex_ws_frames_compressed_total", "") - before)
                .as("one compression for the change, not one per recipient")
                .isEqualTo(1.0);
    }

    @Test
    void smallPerConnectionMessages_goUncompressed_onACompressedConnection() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = compressed();

        socket.sendText("{\"type\":\"ping\"}");

        RawWebSocket.Frame pong = socket.next();
        assertThat(pong.compressed()).isFalse();
        assertThat(type(pong)).isEqualTo("pong");
    }

    @Test
    void compressedClientMessages_areRead_whole_fragmented_andMixedWithPlainOnes() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = compressed();
        double before = fixture.metric("vortex_ws_messages_inflated_total", "");

        socket.sendCompressed("{\"type\":\"ping\"}");
        assertThat(type(socket.next())).isEqualTo("pong");

        byte[] compressed = RawWebSocket.deflate("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        int half = compressed.length / 2;
        socket.sendFrame(false, RawWebSocket.RSV1, RawWebSocket.TEXT, Arrays.copyOfRange(compressed, 0, half));
        socket.sendFrame(true, RawWebSocket.PING, new byte[0]);
        socket.sendFrame(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length));
        assertThat(socket.next().opcode()).isEqualTo(RawWebSocket.PONG);
        assertThat(type(socket.next())).isEqualTo("pong");

        socket.sendText("{\"type\":\"ping\"}");
        assertThat(type(socket.next())).isEqualTo("pong");
        assertThat(fixture.metric("vortex_ws_messages_inflated_total", "") - before)
                .isEqualTo(2.0);
    }

    @Test
    void aCompressedFrame_withoutTheExtension_isAProtocolError_1002() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = open();
        socket.next();

        socket.sendCompressed("{\"type\":\"ping\"}");

        assertThat(socket.nextClose().closeStatus()).isEqualTo(1002);
    }

    @Test
    void rsv1OnAContinuationOrAControlFrame_isAProtocolError_1002() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket continuation = compressed();
        RawWebSocket control = compressed();

        continuation.sendFrame(false, 0, RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
        continuation.sendFrame(
                true, RawWebSocket.RSV1, RawWebSocket.CONTINUATION, "\"ping\"}".getBytes(StandardCharsets.UTF_8));
        control.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.PING, new byte[0]);

        assertThat(continuation.nextClose().closeStatus()).isEqualTo(1002);
        assertThat(control.nextClose().closeStatus()).isEqualTo(1002);
    }

    @Test
    void aCorruptDeflateStream_closesWith1007() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = compressed();

        // BTYPE 11 (a reserved block type) in the first byte: never valid DEFLATE.
        socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, new byte[] {(byte) 0xff, 0x12, 0x34, 0x56});

        RawWebSocket.Frame close = socket.nextClose();
        assertThat(close.closeStatus()).isEqualTo(1007);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .contains("invalid");
    }

    @Test
    void aClientThatKeepsItsCompressionContext_despiteClientNoContextTakeover_isClosedWith1007() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = compressed();
        byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        java.util.zip.Deflater withContext =
                new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        byte[] buffer = new byte[256];
        try {
            for (int message = 0; message < 2; message++) {
                withContext.setInput(ping);
                int length = withContext.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, Arrays.copyOf(buffer, length - 4));
            }
        } finally {
            withContext.end();
        }

        assertThat(type(socket.next())).as("the first message stands alone").isEqualTo("pong");
        assertThat(socket.nextClose().closeStatus())
                .as("the second refers to the first")
                .isEqualTo(1007);
    }

    @Test
    void aDecompressionBomb_closesWith1009_atTheLimit() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket socket = compressed();
        // 50 MB of zeros deflate to ~50 KB, under the frame limit; inflated, they are far over the message limit.
        byte[] bomb = RawWebSocket.deflate(new byte[50 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(RealtimeSettings.DEFAULTS.maxFrameBytesOnTheWire());

        socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, bomb);

        assertThat(socket.nextClose().closeStatus()).isEqualTo(1009);
    }

    @Test
    void invalidUtf8_plainOrCompressed_closesWith1007() {
        start(RealtimeSettings.DEFAULTS);
        RawWebSocket plain = compressed();
        RawWebSocket deflated = compressed();
        RawWebSocket uncompressedConnection = open();
        uncompressedConnection.next();
        // "{"type":"ping"}" with a lone continuation byte and an overlong '/' inside.
        byte[] invalid = {'{', '"', 't', (byte) 0x80, '"', ':', (byte) 0xC0, (byte) 0xAF, '}'};

        plain.sendFrame(true, RawWebSocket.TEXT, invalid);
        deflated.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, RawWebSocket.deflate(invalid));
        uncompressedConnection.sendFrame(true, RawWebSocket.TEXT, invalid);

        assertThat(plain.nextClose().closeStatus()).isEqualTo(1007);
        assertThat(deflated.nextClose().closeStatus()).isEqualTo(1007);
        assertThat(uncompressedConnection.nextClose().closeStatus()).isEqualTo(1007);
    }
}
