package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 6455 at the wire, with a hand-written client: the handshake (subprotocol, version), control frames,
 * fragmented messages and the closing handshake, all of which the server implements on the bare channel.
 */
class WebSocketConformanceTest {
    private static final String PATH = "/ws/orders/prod";

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private RawWebSocket open(String... headers) {
        return RawWebSocket.open(fixture.server().port(), PATH, WsTestClient.TIMEOUT, 0, headers);
    }

    private RawWebSocket connected() {
        RawWebSocket socket = open("Sec-WebSocket-Version: 13");
        assertThat(socket.status()).isEqualTo(101);
        assertThat(TestClient.json(socket.next().text()).get("type").asText()).isEqualTo("config_snapshot");
        return socket;
    }

    @Test
    void theProtocolsSubprotocol_isChosenWhenOffered_andNoneOtherwise() {
        try (RawWebSocket offered = open("Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: other, vortex.v1");
                RawWebSocket notOffered = open("Sec-WebSocket-Version: 13")) {
            assertThat(offered.status()).isEqualTo(101);
            assertThat(offered.response()).containsIgnoringCase("Sec-WebSocket-Protocol: vortex.v1");
            assertThat(notOffered.status()).isEqualTo(101);
            assertThat(notOffered.response()).doesNotContainIgnoringCase("Sec-WebSocket-Protocol");
        }
    }

    @Test
    void anUnsupportedWebSocketVersion_isRefusedWith426_asJson() {
        try (RawWebSocket socket = open("Sec-WebSocket-Version: 99")) {
            assertThat(socket.status()).isEqualTo(426);
            assertThat(socket.response()).containsIgnoringCase("Sec-WebSocket-Version: 13");
            assertThat(TestClient.json(socket.body()).get("message").asText()).contains("version 13");
        }
    }

    @Test
    void websocketVersion8_isRefusedWith426_namingVersion13() {
        try (RawWebSocket socket = open("Sec-WebSocket-Version: 8")) {
            assertThat(socket.status()).isEqualTo(426);
            assertThat(socket.response()).containsIgnoringCase("Sec-WebSocket-Version: 13");
            assertThat(socket.body()).contains("'8'");
        }
    }

    @Test
    void anUpgradeWithoutSecWebSocketKey_isRefusedWith400_naming_it() {
        assertMalformedUpgradeIs400("Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Key");
    }

    @Test
    void anUpgradeWithoutSecWebSocketVersion_isRefusedWith400_naming_it() {
        assertMalformedUpgradeIs400("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "Sec-WebSocket-Version");
    }

    @Test
    void anUpgradeWithAKeyThatIsNotA16ByteNonce_isRefusedWith400() {
        assertMalformedUpgradeIs400(
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-nonce\r\n", "Sec-WebSocket-Key");
    }

    private void assertMalformedUpgradeIs400(String handshakeHeaders, String named) {
        int port = fixture.server().port();
        String request = "GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + handshakeHeaders + "\r\n";
        try (RawWebSocket socket = RawWebSocket.openRequest(port, request, WsTestClient.TIMEOUT, 0)) {
            assertThat(socket.status()).as(socket.response()).isEqualTo(400);
            assertThat(socket.body()).contains(named);
        }
    }

    @Test
    void anUpgradeOverHttp10_isRefusedWith400_asJson() {
        try (RawWebSocket socket = RawWebSocket.openVersion(
                "HTTP/1.0", fixture.server().port(), PATH, WsTestClient.TIMEOUT, 0, "Sec-WebSocket-Version: 13")) {
            assertThat(socket.status()).isEqualTo(400);
            assertThat(TestClient.json(socket.body()).get("message").asText()).contains("HTTP/1.1");
        }
    }

    @Test
    void aPingFrame_isAnsweredWithAPongCarryingItsPayload() {
        try (RawWebSocket socket = connected()) {
            socket.sendFrame(true, RawWebSocket.PING, "hello".getBytes(StandardCharsets.UTF_8));

            RawWebSocket.Frame pong = socket.next();

            assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(pong.text()).isEqualTo("hello");
        }
    }

    @Test
    void aFragmentedMessage_isReassembled_evenWithAControlFrameBetweenItsFragments() {
        try (RawWebSocket socket = connected()) {
            socket.sendFrame(false, RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            socket.sendFrame(true, RawWebSocket.PING, new byte[0]);
            socket.sendFrame(true, RawWebSocket.CONTINUATION, "\"ping\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(socket.next().opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(TestClient.json(socket.next().text()).get("type").asText())
                    .isEqualTo("pong");
        }
    }

    @Test
    void aFragmentedMessageOverTheFrameLimit_closesWith1009() {
        try (RawWebSocket socket = connected()) {
            byte[] fragment = new byte[40_000];
            java.util.Arrays.fill(fragment, (byte) 'x');
            socket.sendFrame(false, RawWebSocket.TEXT, fragment);
            socket.sendFrame(false, RawWebSocket.CONTINUATION, fragment);
            socket.sendFrame(false, RawWebSocket.CONTINUATION, fragment);
            socket.sendFrame(false, RawWebSocket.CONTINUATION, fragment);

            assertThat(socket.nextClose().closeStatus()).isEqualTo(1009);
        }
    }

    @Test
    void oneFrameFarOverTheLimit_isCutByTheDecoder_andClosedWith1009() {
        try (RawWebSocket socket = connected()) {
            socket.sendFrame(true, RawWebSocket.TEXT, new byte[200_000]);

            assertThat(socket.nextClose().closeStatus()).isEqualTo(1009);
            assertThat(socket.endOfStream()).isTrue();
        }
    }

    @Test
    void aContinuationWithoutAMessage_isAProtocolError_1002() {
        try (RawWebSocket socket = connected()) {
            socket.sendFrame(true, RawWebSocket.CONTINUATION, "x".getBytes(StandardCharsets.UTF_8));

            assertThat(socket.nextClose().closeStatus()).isEqualTo(1002);
        }
    }

    @Test
    void aClientsCloseFrame_isEchoed_thenTheServerClosesTheConnection_andForgetsTheSession() {
        try (RawWebSocket socket = connected()) {
            await().atMost(WsTestClient.TIMEOUT).until(() -> fixture.metric("vortex_ws_connections_active", "") == 1.0);

            socket.sendFrame(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8}); // 1000

            assertThat(socket.nextClose().closeStatus()).isEqualTo(1000);
            assertThat(socket.endOfStream()).isTrue();
            await().atMost(WsTestClient.TIMEOUT).until(() -> fixture.metric("vortex_ws_connections_active", "") == 0.0);
        }
    }
}
