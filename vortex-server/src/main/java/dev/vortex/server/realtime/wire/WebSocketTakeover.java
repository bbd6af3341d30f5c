package dev.vortex.server.realtime.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.net.impl.VertxHandler;
import java.util.Map;
import java.util.Optional;

/**
 * Upgrades an HTTP/1.1 request that Vert.x has routed, checked and authorised to a WebSocket that Vortex
 * serves on the bare Netty channel (see {@link ClientSocket} for why).
 *
 * <p>It does what Vert.x's own {@code toWebSocket()} does, with Netty's handshaker: answer 101 (choosing the
 * {@code vortex.v1} subprotocol when offered) and swap the HTTP codec and Vert.x's connection handler for
 * the connection's {@link ClientSocket}, which decodes and encodes frames itself; from then on Vert.x's
 * connection object is unreachable and collected, and the pipeline holds that one handler. It also negotiates {@code permessage-deflate} ({@link PerMessageDeflate}), which the
 * connection's {@link ClientSocket} then speaks; Vert.x's own WebSocket extension handling must be off
 * ({@code HttpServerOptions.setPerMessageWebSocketCompressionSupported(false)}), or its answer would name a
 * compression that no handler of this pipeline implements. With {@link EventLoops} and the HTTP connection
 * guard ({@link OpenConnections}), all in this package, this is where the server relies on Vert.x's internal
 * classes ({@code Http1xServerConnection}, {@code VertxHandler}, {@code ContextInternal}); the tests of the
 * real-time endpoint cover it end to end.
 */
public final class WebSocketTakeover {
    /** The subprotocol of this protocol version. */
    public static final String SUBPROTOCOL = "vortex.v1";

    private final ClientSocket.Shared sockets;
    private final boolean compression;

    /**
     * @param sockets what every socket shares; frames (and reassembled or inflated messages) above its
     *     message limit close the connection with 1009
     * @param compression whether {@code permessage-deflate} is answered when offered
     */
    public WebSocketTakeover(ClientSocket.Shared sockets, boolean compression) {
        this.sockets = sockets;
        this.compression = compression;
    }

    /**
     * Answers the handshake and hands the channel to a new {@link ClientSocket}. Must run on the request's
     * event loop, after every check that could refuse the request with an HTTP status.
     *
     * @param request the upgrade request, not yet answered
     * @return the socket once the 101 response is written, or an {@link UpgradeRefusedException}
     */
    public Future<ClientSocket> upgrade(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_1
                || !(connection instanceof Http1xServerConnection http1)) {
            return Future.failedFuture(
                    new UpgradeRefusedException(400, "WebSocket upgrades need an HTTP/1.1 connection"));
        }
        FullHttpRequest handshakeRequest = nettyRequest(request);
        Optional<String> deflate = compression
                ? PerMessageDeflate.negotiate(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS))
                : Optional.empty();
        if (!"13".equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return Future.failedFuture(new UpgradeRefusedException(
                    426,
                    "Unsupported WebSocket version '" + request.getHeader("Sec-WebSocket-Version")
                            + "'; this server speaks version 13"));
        }
        Channel channel = http1.channelHandlerContext().channel();
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandler vertxHandler = pipeline.get(VertxHandler.class);
        if (vertxHandler == null) {
            return Future.failedFuture(new IllegalStateException("no Vert.x handler in " + pipeline.names()));
        }
        // Nothing is read until the session listens, so no frame can reach a socket without a session.
        channel.config().setAutoRead(false);
        ClientSocket socket = new ClientSocket(channel, sockets, deflate.isPresent());
        pipeline.remove(vertxHandler);
        // Vert.x's HTTP connection listens for the channel's close to complete its own close future; that
        // connection is unreachable from now on, and its listener would be all that is left of it.
        if (http1.closeFuture() instanceof PromiseInternal<Void> vertxCloseListener) {
            channel.closeFuture().removeListener(vertxCloseListener);
        }
        Promise<ClientSocket> upgraded = Promise.promise();
        HttpHeaders responseHeaders = deflate.<HttpHeaders>map(
                        answer -> new DefaultHttpHeaders().add(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, answer))
                .orElse(null);
        Handshaker handshaker = new Handshaker(
                (request.isSSL() ? "wss://" : "ws://") + request.authority() + request.path(),
                socket,
                sockets.decoder(deflate.isPresent()));
        handshaker
                .handshake(channel, handshakeRequest, responseHeaders, channel.newPromise())
                .addListener(written -> {
                    if (written.isSuccess()) {
                        // The 101 is out and Netty removed the HTTP encoder; the socket encodes its frames itself.
                        if (pipeline.get(Handshaker.ENCODER) != null) {
                            pipeline.remove(Handshaker.ENCODER);
                        }
                        upgraded.complete(socket);
                    } else {
                        channel.close();
                        upgraded.fail(written.cause());
                    }
                });
        return upgraded.future();
    }

    /**
     * Netty's handshake (response, subprotocol, the HTTP decoder's place in the pipeline given to the frame
     * decoder), with the connection's {@link ClientSocket} as the frame decoder. Netty also adds its frame
     * encoder under {@link #ENCODER}; it is removed once the 101 is written.
     */
    private static final class Handshaker extends WebSocketServerHandshaker13 {
        /** The name Netty gives the frame encoder it adds. */
        static final String ENCODER = "wsencoder";

        private final ClientSocket socket;

        Handshaker(String url, ClientSocket socket, WebSocketDecoderConfig decoderConfig) {
            super(url, SUBPROTOCOL, decoderConfig);
            this.socket = socket;
        }

        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return socket;
        }
    }

    private static FullHttpRequest nettyRequest(HttpServerRequest request) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        return new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.GET,
                request.uri(),
                Unpooled.EMPTY_BUFFER,
                headers,
                EmptyHttpHeaders.INSTANCE);
    }
}
