package dev.vortex.server.realtime.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection whose request head does not arrive in time, with {@code 408}: the defence
 * against slowloris, which sends a header byte now and then so that no idle timeout ever fires.
 *
 * <p>It sits behind the request decoder, so it sees decoded request heads, and also every read (a read
 * completes even when the decoder could not make a message of it yet). The clock starts when the connection
 * is accepted (a connection that sends nothing at all is closed without an answer) and whenever bytes arrive
 * while no request is under way and the read decoded no head; it stops when a request head has been decoded.
 * An idle keep-alive connection between requests is the idle timeout's, and never gets an unsolicited 408. While requests are under way (read but not answered) nothing is timed here: the idle timeout
 * covers a silent client then.
 *
 * <p>When the connection becomes a WebSocket (a {@code 101} goes out) this handler and the idle-timeout
 * handler leave the pipeline: from then on the WebSocket heartbeat decides who is alive, and an idle
 * WebSocket carries no timer of its own.
 *
 * <p>Threading: every method runs on the channel's event loop.
 */
final class RequestHeadTimeout extends ChannelDuplexHandler {
    private final long timeoutMillis;
    private ScheduledFuture<?> timer;
    /** Requests read whose response has not ended yet (more than one when a client pipelines). */
    private int underWay;
    /** Whether the current read decoded a request head: then its bytes were that request's, not a new one's. */
    private boolean headInThisRead;
    /** Whether part of a head has arrived (then the client is told 408; an unused connection is just closed). */
    private boolean partialHead;

    RequestHeadTimeout(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        start(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest) {
            underWay++;
            headInThisRead = true;
            stop();
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (underWay == 0 && !headInThisRead) {
            // Bytes of the next request head have arrived (not those of a request just answered).
            partialHead = true;
            if (timer == null) {
                start(ctx);
            }
        }
        headInThisRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ctx.write(message, promise);
            stop();
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.remove(this);
            IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
            if (idle != null) {
                pipeline.remove(idle);
            }
            return;
        }
        if (message instanceof LastHttpContent && underWay > 0) {
            underWay--;
        }
        ctx.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void stop() {
        partialHead = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (underWay > 0 || !ctx.channel().isActive()) {
            return;
        }
        if (!partialHead) {
            // A connection that never sent a byte (a browser's speculative connection, say): nothing to answer.
            ctx.close();
            return;
        }
        FullHttpResponse timeout = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.EMPTY_BUFFER);
        timeout.headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    }
}
