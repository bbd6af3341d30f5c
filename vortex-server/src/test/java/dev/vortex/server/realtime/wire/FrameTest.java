package dev.vortex.server.realtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.RawWebSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shared frame's wire bytes are exactly what Netty's own encoder writes for the same text frame, and its
 * compressed variant is the same message as RFC 7692 frames it.
 */
class FrameTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 300_000})
    void wireBytes_matchNettysEncoder_atEveryLengthBoundary(int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');

        ByteBuf ours = (ByteBuf) Frame.shared("config_change", payload).message(false);

        assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(nettyEncoding(payload));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 70_000})
    void eachMessage_isAnIndependentView_soOneSocketsWriteDoesNotConsumeAnothers(int length) {
        Frame frame = Frame.shared("config_snapshot", new byte[length]);
        ByteBuf first = (ByteBuf) frame.message(false);
        int size = first.readableBytes();

        first.skipBytes(size);
        first.release();

        ByteBuf second = (ByteBuf) frame.message(false);
        assertThat(second.readableBytes()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameDeflater.THRESHOLD_BYTES, 70_000})
    void theCompressedVariant_isAFinalTextFrameWithRsv1_thatInflatesToTheMessage(int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        Frame frame =
                Frame.shared("config_snapshot", payload, new FrameDeflater(new SimpleMeterRegistry().counter("c")));

        byte[] wire = ByteBufUtil.getBytes((ByteBuf) frame.message(true));

        assertThat(wire[0]).as("FIN, RSV1, text").isEqualTo((byte) 0xC1);
        int headerLength = (wire[1] & 0x7f) < 126 ? 2 : (wire[1] & 0x7f) == 126 ? 4 : 10;
        assertThat(RawWebSocket.inflate(Arrays.copyOfRange(wire, headerLength, wire.length)))
                .isEqualTo(payload);
        assertThat(frame.compressedWireBytes()).isEqualTo(wire.length).isLessThan(frame.wireBytes());
    }

    @Test
    void theCompressedVariant_isMadeOnlyWhenAConnectionAsksForIt_andOnce() {
        Counter compressions = new SimpleMeterRegistry().counter("c");
        byte[] payload = new byte[1_000];
        Arrays.fill(payload, (byte) 'x');
        Frame frame = Frame.shared("config_change", payload, new FrameDeflater(compressions));

        ReferenceCountUtil.release(frame.message(false));
        assertThat(compressions.count()).as("no compressed recipient yet").isZero();

        byte[] first = ByteBufUtil.getBytes((ByteBuf) frame.message(true));
        byte[] second = ByteBufUtil.getBytes((ByteBuf) frame.message(true));
        assertThat(compressions.count()).isEqualTo(1.0);
        assertThat(second).isEqualTo(first);
        assertThat(first[0]).as("FIN, RSV1, text").isEqualTo((byte) 0xC1);
    }

    @Test
    void aMessageUnderTheThreshold_orWithCompressionOff_hasNoCompressedVariant() {
        FrameDeflater deflater = new FrameDeflater(new SimpleMeterRegistry().counter("c"));
        Frame small = Frame.shared("config_change", new byte[FrameDeflater.THRESHOLD_BYTES - 1], deflater);
        Frame off = Frame.shared("config_change", new byte[10_000], FrameDeflater.DISABLED);

        assertThat(ByteBufUtil.getBytes((ByteBuf) small.message(true)))
                .isEqualTo(ByteBufUtil.getBytes((ByteBuf) small.message(false)));
        assertThat(ByteBufUtil.getBytes((ByteBuf) off.message(true)))
                .isEqualTo(ByteBufUtil.getBytes((ByteBuf) off.message(false)));
    }

    private static byte[] nettyEncoding(byte[] payload) {
        return nettyEncoding(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    /** What Netty's server-side encoder writes for {@code frames}, one after the other. */
    static byte[] nettyEncoding(WebSocketFrame... frames) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        for (WebSocketFrame frame : frames) {
            channel.writeOutbound(frame);
        }
        ByteBuf all = Unpooled.buffer();
        for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            ByteBuf part = (ByteBuf) written;
            all.writeBytes(part);
            part.release();
        }
        channel.finish();
        return ByteBufUtil.getBytes(all);
    }
}
