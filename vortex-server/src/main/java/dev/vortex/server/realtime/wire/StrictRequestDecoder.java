package dev.vortex.server.realtime.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's request decoder, refusing a request that carries both {@code Content-Length} and {@code
 * Transfer-Encoding: chunked} with 400 and closing the connection. Netty would drop the length and read
 * chunks; but a proxy in front of Vortex may have read the length instead, and then the two disagree on where
 * the request ends and what follows is a second, hidden request: the shape of request smuggling. RFC 9112
 * section 6.3 says to treat it as an error and close.
 *
 * <p>The refusal is written here, below Vert.x: nothing of the request (or what follows it on the
 * connection) ever reaches the router. Threading: the channel's event loop, like every decoder.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private boolean ambiguousLength;
    private boolean refused;

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        ambiguousLength = true;
        super.handleTransferEncodingChunkedWithContentLength(message);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        if (!ambiguousLength) {
            return;
        }
        refused = true;
        String path = null;
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpRequest request) {
                path = request.uri();
            }
            ReferenceCountUtil.release(decoded);
        }
        out.subList(before, out.size()).clear();
        buffer.skipBytes(buffer.readableBytes());
        ctx.writeAndFlush(RawResponses.closing(
                        400,
                        "Content-Length together with Transfer-Encoding: chunked is refused (RFC 9112 section"
                                + " 6.3)",
                        path))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
