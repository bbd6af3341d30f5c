package dev.vortex.server.realtime.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
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
 * Every open connection of the HTTP servers, HTTP and WebSocket alike, from the moment it is accepted, before
 * its TLS handshake if any.
 *
 * <ul>
 *   <li>Beyond {@code maxConnections} a new connection is refused at once, so that the process never runs out
 *       of file descriptors (which would stall accepting, Git and file reads): over plain HTTP it is answered
 *       {@code 503} and closed; over TLS it is closed before the handshake (nothing can be answered before
 *       one, and a handshake is the work a flood of connections would have the server do).
 *   <li>Each admitted HTTP connection gets a {@link RequestHeadTimeout} and a {@link StrictRequestDecoder} once
 *       Vert.x has set it up ({@link #guards()}).
 *   <li>{@link #closeAll()} cuts whatever is still open when a graceful shutdown runs out of time.
 * </ul>
 *
 * <p>Counting from the accept: a connection is admitted by {@link #gate}, which {@link AcceptingTransport} puts
 * in front of Vert.x's own initialiser of accepted channels, so it runs before Vert.x adds its TLS handler.
 * Vert.x's connection handler comes too late for that: over TLS it runs once the handshake is done, and
 * connections that never finish theirs (each bounded by the handshake timeout) would hold descriptors outside
 * the limit. A refused connection never reaches Vert.x.
 *
 * <p>This is, with {@code WebSocketTakeover} and {@link AcceptingTransport}, the place that relies on Vert.x
 * internals ({@code Http1xServerConnection}, the pipeline's handler names, the child handler of its server
 * bootstrap). Once admitted, the TLS handler, if any, sits before the HTTP decoder: whatever is written from
 * the decoder's place is encrypted, whatever the decoder reads is decrypted.
 *
 * <p>Threading: the gate and {@link #guards()} run on each connection's event loop; the count and the set
 * are thread-safe, and refusals are logged once per change of state (refusing, accepting again), not per
 * connection. Each connection is counted once, when the gate sees it, and released once, when it closes,
 * whether or not its handshake finished.
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
    /** Refused since the last "accepting again" line, for that line. */
    private final AtomicLong refused = new AtomicLong();
    /** Refused since the start, for the metric. */
    private final AtomicLong refusedTotal = new AtomicLong();

    /**
     * @param maxConnections the most connections open at once
     * @param headTimeout how long a request head may take to arrive
     * @param options the servers' options (the decoder reads its limits from them; {@code isSsl()} says how a
     *     connection beyond the limit is refused)
     */
    public OpenConnections(int maxConnections, Duration headTimeout, HttpServerOptions options) {
        this.maxConnections = maxConnections;
        this.headTimeoutMillis = headTimeout.toMillis();
        this.options = options;
    }

    /**
     * The handler to give every HTTP server as its connection handler: it gives each admitted connection its
     * request-head timeout and strict decoder, once Vert.x has set its pipeline up.
     */
    public Handler<HttpConnection> guards() {
        return this::guard;
    }

    /** The connections open now, those still in their TLS handshake and those being refused included. */
    public int count() {
        return open.get();
    }

    /**
     * The connections refused since the start for being beyond {@code maxConnections} (the {@code
     * vortex_connections_refused_total} counter): a refusal is logged only when refusing starts, so this says how
     * many clients met the limit.
     */
    public long refusedTotal() {
        return refusedTotal.get();
    }

    /**
     * The first handler of every accepted channel, in place of {@code vertx}, Vert.x's initialiser of accepted
     * channels: it counts the channel and either refuses it or hands it to {@code vertx}, which then sets up TLS
     * and HTTP. Shared by every channel; it leaves each pipeline once it has run.
     */
    ChannelHandler gate(ChannelHandler vertx) {
        return new Gate(vertx);
    }

    @ChannelHandler.Sharable
    private final class Gate extends ChannelInitializer<Channel> {
        private final ChannelHandler vertx;

        Gate(ChannelHandler vertx) {
            this.vertx = vertx;
        }

        @Override
        protected void initChannel(Channel channel) {
            if (admit(channel)) {
                channel.pipeline().addLast(vertx);
            }
        }
    }

    /** Counts {@code channel} until it closes; refuses it, and says so, when it is one too many. */
    private boolean admit(Channel channel) {
        int now = open.incrementAndGet();
        channels.add(channel);
        channel.closeFuture().addListener(onClose);
        if (now > maxConnections) {
            refuse(channel, now);
            return false;
        }
        if (refusing.get() && refusing.compareAndSet(true, false)) {
            LOG.info("accepting connections again ({} open); {} were refused", now, refused.getAndSet(0));
        }
        return true;
    }

    private void refuse(Channel channel, int now) {
        refused.incrementAndGet();
        refusedTotal.incrementAndGet();
        if (refusing.compareAndSet(false, true)) {
            LOG.warn(
                    "refusing new connections ({}): {} are open and --max-connections is {}",
                    options.isSsl() ? "closed before their TLS handshake" : "503",
                    now - 1,
                    maxConnections);
        }
        if (options.isSsl()) {
            // Anything written now would go out in clear, and a client cannot read HTTP before its handshake.
            channel.close();
            return;
        }
        channel.config().setAutoRead(false);
        // The pipeline holds no handler yet: the bytes go straight to the socket.
        channel.writeAndFlush(RawResponses.closing(
                        503,
                        "too many connections (the limit is " + maxConnections + "); try again later",
                        null,
                        "Retry-After: 1"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void guard(HttpConnection connection) {
        if (!(connection instanceof Http1xServerConnection http1)) {
            return;
        }
        ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
        if (pipeline.get(DECODER) != null) {
            pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
        }
        if (pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, "vortex-head-timeout", new RequestHeadTimeout(headTimeoutMillis));
        }
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
