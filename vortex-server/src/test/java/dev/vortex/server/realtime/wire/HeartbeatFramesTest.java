package dev.vortex.server.realtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A heartbeat's bytes are exactly what Netty's own encoder writes for a ping frame followed by a text frame, and
 * every connection gets its own view of them.
 */
class HeartbeatFramesTest {
    private static final byte[] PAYLOAD = "1767225600000".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(ints = {0, 52, 125, 126, 300, 65_536})
    void theBytes_areAPingFrameThenATextFrame_asNettyEncodesThem(int jsonLength) {
        byte[] json = new byte[jsonLength];
        Arrays.fill(json, (byte) 'x');

        ByteBuf ours = HeartbeatFrames.of(PAYLOAD, json).message();

        assertThat(ByteBufUtil.getBytes(ours))
                .isEqualTo(FrameTest.nettyEncoding(
                        new PingWebSocketFrame(Unpooled.wrappedBuffer(PAYLOAD)),
                        new TextWebSocketFrame(Unpooled.wrappedBuffer(json))));
    }

    @Test
    void eachMessage_isAnIndependentView_thatAWriteMayConsumeAndRelease() {
        HeartbeatFrames frames = HeartbeatFrames.of(PAYLOAD, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        ByteBuf first = frames.message();
        int size = first.readableBytes();

        first.skipBytes(size);
        first.release();

        ByteBuf second = frames.message();
        assertThat(second.readableBytes()).isEqualTo(size);
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(ByteBufUtil.getBytes(frames.message()));
    }

    @Test
    void aPingPayloadLongerThanAControlFrameTakes_isRefused() {
        assertThatThrownBy(() -> HeartbeatFrames.of(new byte[126], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 125 bytes")
                .hasMessageContaining("not 126");
    }
}
