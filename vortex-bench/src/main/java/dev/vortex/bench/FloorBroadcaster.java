package dev.vortex.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's floor for fan-out: a WebSocket broadcaster on bare Netty, with the transport Vortex uses (epoll when
 * available, else NIO), and nothing else. {@code POST /publish} encodes its body once as one unmasked text frame
 * and writes that same buffer to every open socket; no protocol, no history, no resolution, no diff.
 *
 * <p>Sockets are kept per event loop, each list touched only on its own loop, so that a publish costs one task
 * per event loop and no copy of the recipients: the least a Netty server can do per delivery. Vortex's fan-out
 * is measured against this ({@code vortex-bench fanout --peer}).
 */
final class FloorBroadcaster implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final String transport;
    /** Open sockets of each event loop; each list is read and written only on its own loop. */
    private final Map<EventLoop, List<Channel>> socketsByLoop = new IdentityHashMap<>();

    private FloorBroadcaster(String host, int port, int eventLoops) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        // Named like event loops, so that fanout's CPU split by thread counts them as such (Linux keeps 15 characters).
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("floor-eventloop-boss"), io);
        this.workers = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("floor-eventloop"), io);
        // Every loop's list exists before the first connection: the map itself is then only read.
        workers.forEach(executor -> socketsByLoop.put((EventLoop) executor, new ArrayList<>()));
        WebSocketServerProtocolConfig webSocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .allowExtensions(false)
                .handleCloseFrames(true)
                .build();
        this.server = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new Publish())
                                .addLast(new WebSocketServerProtocolHandler(webSocket))
                                .addLast(new Member());
                    }
                })
                .bind(new InetSocketAddress(host, port))
                .sync()
                .channel();
    }

    /**
     * Starts the broadcaster.
     *
     * @param port 0 for a free port
     * @param eventLoops worker event loops (Vortex's server uses one per core)
     */
    static FloorBroadcaster start(String host, int port, int eventLoops) {
        try {
            return new FloorBroadcaster(host, port, eventLoops);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String transport() {
        return transport;
    }

    /** Sends {@code payload} as one text frame to every open socket; returns how many event loops it went to. */
    private int broadcast(ByteBuf payload) {
        ByteBuf frame = encodeTextFrame(payload);
        try {
            for (Map.Entry<EventLoop, List<Channel>> entry : socketsByLoop.entrySet()) {
                List<Channel> sockets = entry.getValue();
                ByteBuf forLoop = frame.retainedDuplicate();
                entry.getKey().execute(() -> {
                    try {
                        for (int i = 0, n = sockets.size(); i < n; i++) {
                            sockets.get(i)
                                    .writeAndFlush(
                                            forLoop.retainedDuplicate(),
                                            sockets.get(i).voidPromise());
                        }
                    } finally {
                        forLoop.release();
                    }
                });
            }
            return socketsByLoop.size();
        } finally {
            frame.release();
        }
    }

    /** RFC 6455 section 5.2: FIN + text opcode, a server's unmasked length, then the payload. */
    static ByteBuf encodeTextFrame(ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = Unpooled.directBuffer(length + 10);
        frame.writeByte(0x81);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length < 65_536) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }

    /** {@code POST /publish}: broadcasts the body; any other plain HTTP request goes on to the WebSocket upgrade. */
    private final class Publish extends SimpleChannelInboundHandler<FullHttpRequest> {
        Publish() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            if (!request.uri().startsWith("/publish")) {
                context.fireChannelRead(request);
                return;
            }
            try {
                HttpResponseStatus status;
                String body;
                if (HttpMethod.POST.equals(request.method())) {
                    int loops = broadcast(request.content());
                    status = HttpResponseStatus.ACCEPTED;
                    body = "queued to " + loops + " event loops\n";
                } else {
                    status = HttpResponseStatus.METHOD_NOT_ALLOWED;
                    body = "POST the frame's text to /publish; was " + request.method() + "\n";
                }
                FullHttpResponse response = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                HttpUtil.setContentLength(response, response.content().readableBytes());
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                HttpUtil.setKeepAlive(response, keepAlive);
                context.writeAndFlush(response)
                        .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
            } finally {
                request.release();
            }
        }
    }

    /** Adds the socket to its loop's list once upgraded and removes it when it closes; drops what clients send. */
    private final class Member extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                socketsByLoop.get(context.channel().eventLoop()).add(context.channel());
                context.channel().closeFuture().addListener(closed -> socketsByLoop
                        .get(context.channel().eventLoop())
                        .remove(context.channel()));
            }
            context.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
            // Inbound data frames are ignored: the floor has no protocol.
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
