package dev.vortex.server.realtime.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection of the HTTP servers, HTTP and WebSocket alike, from the moment it is accepted.
 *
 * <ul>
 *   <li>Beyond {@code maxConnections} a new connection is answered {@code 503} and closed at once, so that
 *       the process never runs out of file descriptors (which would stall accepting, Git and file reads).
 *   <li>Each admitted connection gets a {@link RequestHeadTimeout} and a {@link StrictRequestDecoder}.
 *   <li>{@link #closeAll()} cuts whatever is still open when a graceful shutdown runs out of time.
 * </ul>
 *
 * <p>This is, with {@code WebSocketTakeover}, the place that relies on Vert.x internals ({@code
 * Http1xServerConnection}, the pipeline's handler names): it is called as Vert.x's connection handler, before
 * the connection has read anything. Over TLS that is once the TLS handshake is done (Vert.x's handshake timeout,
 * set to the header timeout, bounds it), and the TLS handler sits before the HTTP decoder: whatever is written
 * from the decoder's place is encrypted, whatever the decoder reads is decrypted.
 *
 * <p>Threading: {@link #admit} runs on each connection's event loop; the count and the group are
 * thread-safe, and refusals are logged once per change of state (refusing, accepting again), not per
 * connection.
 */
public final class OpenConnections {
    private static final Logger LOG = LoggerFactory.getLogger(OpenConnections.class);
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private final int maxConnections;
    private final long headTimeoutMillis;
    private final HttpServerOptions options;
    /**
     * The open channels. Not a Netty {@code ChannelGroup}: that adds a listener of its own to each channel's close
     * future, next to the one that counts; here one listener, shared by every channel, does both, so that an idle
     * connection keeps one listener slot and no per-channel lambda.
     */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    private final AtomicInteger open = new AtomicInteger();
    private final ChannelFutureListener onClose = closed -> {
        channels.remove(closed.channel());
        open.decrementAndGet();
    };
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param maxConnections the most connections open at once
     * @param headTimeout how long a request head may take to arrive
     * @param options the servers' options (the decoder reads its limits from them)
     */
    public OpenConnections(int maxConnections, Duration headTimeout, HttpServerOptions options) {
        this.maxConnections = maxConnections;
        this.headTimeoutMillis = headTimeout.toMillis();
        this.options = options;
    }

    /** The handler to give every HTTP server as its connection handler. */
    public Handler<HttpConnection> admission() {
        return this::admit;
    }

    /** The connections open now. */
    public int count() {
        return open.get();
    }

    private void admit(HttpConnection connection) {
        if (!(connection instanceof Http1xServerConnection http1)) {
            return;
        }
        Channel channel = http1.channelHandlerContext().channel();
        int now = open.incrementAndGet();
        channels.add(channel);
        channel.closeFuture().addListener(onClose);
        if (now > maxConnections) {
            refuse(channel, now);
            return;
        }
        if (refusing.get() && refusing.compareAndSet(true, false)) {
            LOG.info("accepting connections again ({} open); {} were refused", now, refused.getAndSet(0));
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(DECODER) != null) {
            pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
        }
        if (pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, "vortex-head-timeout", new RequestHeadTimeout(headTimeoutMillis));
        }
    }

    private void refuse(Channel channel, int now) {
        refused.incrementAndGet();
        if (refusing.compareAndSet(false, true)) {
            LOG.warn(
                    "refusing new connections with 503: {} are open and --max-connections is {}",
                    now - 1,
                    maxConnections);
        }
        channel.config().setAutoRead(false);
        // Raw bytes, written from the decoder's place: past the HTTP codec, which has no request to answer, but
        // through the TLS handler before it, if any (from the head of the pipeline they would go out in clear).
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext decoder = pipeline.context(DECODER);
        (decoder != null ? decoder : pipeline.firstContext())
                .writeAndFlush(RawResponses.closing(
                        503,
                        "too many connections (the limit is " + maxConnections + "); try again later",
                        null,
                        "Retry-After: 1"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes every connection still open (the end of a shutdown whose time is up). */
    public void closeAll() {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : channels) {
            closing.add(channel.close());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
