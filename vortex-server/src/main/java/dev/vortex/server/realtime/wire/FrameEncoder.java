package dev.vortex.server.realtime.wire;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's server-side frame encoder (RFC 6455, unmasked), called directly by {@link ClientSocket} instead of
 * sitting in each connection's pipeline: a handler in the pipeline would cost every connection a context and
 * an encoder object, for the few frames that are not pre-encoded (pings, pongs, close frames and messages for
 * one session). The encoder keeps no state between frames, so one instance serves every connection.
 */
final class FrameEncoder extends WebSocket13FrameEncoder {
    /** The one instance: server frames are not masked. */
    static final FrameEncoder SERVER = new FrameEncoder();

    private FrameEncoder() {
        super(false);
    }

    /**
     * Encodes {@code frame}, releases it, and writes and flushes the encoded bytes from {@code ctx}.
     *
     * @return {@code promise}, completed when the last part of the frame is written
     */
    ChannelFuture write(ChannelHandlerContext ctx, WebSocketFrame frame, ChannelPromise promise) {
        // The header and, for a large payload, the payload itself (retained, not copied).
        List<Object> encoded = new ArrayList<>(2);
        try {
            encode(ctx, frame, encoded);
        } catch (Exception e) {
            throw new EncoderException("cannot encode " + frame, e);
        } finally {
            frame.release();
        }
        int last = encoded.size() - 1;
        for (int i = 0; i < last; i++) {
            ctx.write(encoded.get(i), ctx.voidPromise());
        }
        return ctx.writeAndFlush(encoded.get(last), promise);
    }
}
