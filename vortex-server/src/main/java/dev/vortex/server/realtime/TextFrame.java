package dev.vortex.server.realtime;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A text frame over bytes that are already UTF-8 encoded.
 *
 * <p>Vert.x's public {@code WebSocketFrame.textFrame} takes a {@code String} and would encode it again for
 * every recipient; a change fanned out to 10,000 sockets must be encoded once. This is the one place that
 * uses Vert.x's frame implementation class for that; wrapping the shared array copies nothing.
 */
final class TextFrame {
    private TextFrame() {}

    static WebSocketFrame of(byte[] utf8) {
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
    }
}
