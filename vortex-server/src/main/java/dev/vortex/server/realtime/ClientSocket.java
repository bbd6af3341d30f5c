package dev.vortex.server.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket after the upgrade: the last handler of its Netty pipeline, behind Netty's frame
 * decoder and encoder.
 *
 * <p>Why not Vert.x's {@code ServerWebSocket}: it keeps two message queues per connection whose first chunk
 * alone is 1,024 slots (~8 KiB of heap per idle connection, several times everything else), and every write
 * goes through them. Here a write is one {@code writeAndFlush} of the shared frame bytes, and an idle
 * connection costs the Netty channel, this handler and the session.
 *
 * <p>Threading: every method runs on the channel's event loop, which is the session's event loop.
 * Control frames are handled as RFC 6455 asks: a ping is answered with a pong, a close frame is echoed and
 * the TCP connection closed; fragmented messages are reassembled up to the frame limit.
 */
final class ClientSocket extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSocket.class);
    /** How long a close frame we sent may wait for the client's answer before the TCP connection is cut. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    /** Frames read before the session started listening; a conforming client sends none. */
    private static final int MAX_EARLY_FRAMES = 16;

    /** What the session hears from its client. Called on the event loop. */
    interface Listener {
        /** A complete text message. */
        void onText(String text);

        /** A complete binary message (which the protocol does not use). */
        void onBinary();

        /** A ping or pong frame: the client is alive (PROTOCOL.md: any frame counts). */
        void onHeartbeat();

        /** The connection is closed; called once. */
        void onClosed();
    }

    private final Channel channel;
    private final int maxMessageBytes;
    /** Made when someone waits for the close, so that an idle connection does not carry it. */
    private Promise<Void> closed;

    private boolean closedNotified;
    private Listener listener;
    private ArrayDeque<WebSocketFrame> early;
    private Runnable onWritable;
    private ByteBuf fragments;
    private boolean fragmentsAreText;
    private boolean closeSent;
    private Short closeStatusCode;
    private String closeReason;

    /**
     * @param channel the upgraded channel; reading stays off until {@link #listen}
     * @param maxMessageBytes the largest message (after reassembly) accepted before closing with 1009
     */
    ClientSocket(Channel channel, int maxMessageBytes) {
        this.channel = channel;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Starts delivering the client's messages to {@code listener}, and reading from the socket. */
    void listen(Listener newListener) {
        this.listener = newListener;
        if (early != null) {
            ArrayDeque<WebSocketFrame> frames = early;
            early = null;
            for (WebSocketFrame frame : frames) {
                handle(frame);
            }
        }
        if (!channel.isActive()) {
            notifyClosed();
            return;
        }
        channel.config().setAutoRead(true);
    }

    /**
     * Writes {@code frame} unless a close frame was already sent.
     *
     * @return whether it was written
     */
    boolean send(Frame frame) {
        if (isClosed()) {
            return false;
        }
        channel.writeAndFlush(frame.message(), channel.voidPromise());
        return true;
    }

    /** Sends a ping frame carrying {@code payload}. */
    void ping(String payload) {
        if (!isClosed()) {
            channel.writeAndFlush(
                    new PingWebSocketFrame(Unpooled.copiedBuffer(payload, StandardCharsets.US_ASCII)),
                    channel.voidPromise());
        }
    }

    /** Whether the socket's outbound buffer is over its high-water mark (the client reads too slowly). */
    boolean writeQueueFull() {
        return !channel.isWritable();
    }

    /** Runs {@code callback} once, the next time the outbound buffer drains below its low-water mark. */
    void whenWritable(Runnable callback) {
        this.onWritable = callback;
    }

    /**
     * Sends a close frame and closes the TCP connection when the client answers (or after a few seconds).
     *
     * @return completes when the connection is closed
     */
    Future<Void> close(short code, String reason) {
        if (!closeSent && channel.isActive()) {
            recordClose(code, reason);
            sendClose(new CloseWebSocketFrame(code, reason));
            closeAfterTimeout();
        }
        if (closedNotified) {
            return Future.succeededFuture();
        }
        if (closed == null) {
            closed = Promise.promise();
        }
        return closed.future();
    }

    /** Whether a close frame was sent or the connection is gone: nothing more may be written. */
    boolean isClosed() {
        return closeSent || !channel.isActive();
    }

    /** The client's address. */
    SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The status of the first close frame sent or received, or {@code null}. */
    Short closeStatusCode() {
        return closeStatusCode;
    }

    /** The reason of the first close frame sent or received, or {@code null}. */
    String closeReason() {
        return closeReason;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (listener != null) {
            handle(frame);
            return;
        }
        if (early == null) {
            early = new ArrayDeque<>(4);
        }
        if (early.size() >= MAX_EARLY_FRAMES) {
            frame.release();
            close((short) 1008, "too many messages before the session started");
            return;
        }
        early.add(frame);
    }

    private void handle(WebSocketFrame frame) {
        try {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                startMessage(frame);
            } else if (frame instanceof ContinuationWebSocketFrame) {
                continueMessage(frame);
            } else if (frame instanceof PingWebSocketFrame) {
                // Not to a client that is not reading (unwritable socket): a client could otherwise send pings
                // without ever reading and pile pongs up here without bound. RFC 6455 section 5.5.3 lets an
                // endpoint answer only the latest of several pings; a client that reads again gets pongs again.
                if (!isClosed() && channel.isWritable()) {
                    channel.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), channel.voidPromise());
                }
                listener.onHeartbeat();
            } else if (frame instanceof PongWebSocketFrame) {
                listener.onHeartbeat();
            } else if (frame instanceof CloseWebSocketFrame close) {
                answerClose(close);
            }
        } finally {
            frame.release();
        }
    }

    private void startMessage(WebSocketFrame frame) {
        if (fragments != null) {
            close((short) 1002, "a new message started before the previous one ended");
            return;
        }
        boolean text = frame instanceof TextWebSocketFrame;
        if (frame.isFinalFragment()) {
            deliver(text, frame.content());
            return;
        }
        fragmentsAreText = text;
        fragments = channel.alloc().heapBuffer(frame.content().readableBytes() * 2);
        append(frame.content());
    }

    private void continueMessage(WebSocketFrame frame) {
        if (fragments == null) {
            close((short) 1002, "a continuation frame without a message to continue");
            return;
        }
        if (!append(frame.content()) || !frame.isFinalFragment()) {
            return;
        }
        ByteBuf message = fragments;
        fragments = null;
        try {
            deliver(fragmentsAreText, message);
        } finally {
            message.release();
        }
    }

    private boolean append(ByteBuf content) {
        if (fragments.readableBytes() + content.readableBytes() > maxMessageBytes) {
            fragments.release();
            fragments = null;
            close((short) 1009, "message too large");
            return false;
        }
        fragments.writeBytes(content);
        return true;
    }

    private void deliver(boolean text, ByteBuf content) {
        if (text) {
            listener.onText(content.toString(StandardCharsets.UTF_8));
        } else {
            listener.onBinary();
        }
    }

    private void answerClose(CloseWebSocketFrame close) {
        if (closeSent) {
            // The answer to ours: the closing handshake is complete.
            channel.close();
            return;
        }
        recordClose((short) close.statusCode(), close.reasonText());
        // Echo the client's status (RFC 6455 section 5.5.1), then the server closes the TCP connection.
        CloseWebSocketFrame echo =
                close.statusCode() < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(close.statusCode(), null);
        sendClose(echo).addListener(ChannelFutureListener.CLOSE);
    }

    /** Sends this side's close frame; nothing is written after it. */
    private ChannelFuture sendClose(CloseWebSocketFrame frame) {
        closeSent = true;
        return channel.writeAndFlush(frame);
    }

    /** Half-closes (FIN after the close frame), and closes for good if the client lingers. */
    private void endOutput() {
        if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            closeAfterTimeout();
        } else {
            channel.close();
        }
    }

    /** Cuts the TCP connection if the client has not finished the closing handshake in time. */
    private void closeAfterTimeout() {
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void recordClose(short code, String reason) {
        if (code >= 0) {
            closeStatusCode = code;
        }
        closeReason = reason;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && onWritable != null) {
            Runnable callback = onWritable;
            onWritable = null;
            callback.run();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
        if (early != null) {
            early.forEach(WebSocketFrame::release);
            early = null;
        }
        if (listener != null) {
            notifyClosed();
        }
    }

    private void notifyClosed() {
        if (closedNotified) {
            return;
        }
        closedNotified = true;
        if (closed != null) {
            closed.complete();
        }
        listener.onClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("WebSocket {} failed: {}", channel.remoteAddress(), cause.toString());
        if (cause instanceof CorruptedWebSocketFrameException corrupted && !closeSent && channel.isActive()) {
            // A protocol violation (an oversize frame: 1009; a malformed one: 1002). The decoder discards
            // whatever follows, so the client's close frame would never be read: send ours, then end our
            // half of the TCP connection. Closing outright while the client is still sending (the rest of
            // an oversize frame) would reset the connection and could destroy the close frame unread.
            recordClose((short) corrupted.closeStatus().code(), corrupted.getMessage());
            sendClose(new CloseWebSocketFrame(corrupted.closeStatus(), corrupted.getMessage()))
                    .addListener(written -> endOutput());
            return;
        }
        channel.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // Vert.x's server announces its shutdown here; the real-time endpoint has closed its sockets already.
        ReferenceCountUtil.release(event);
    }
}
