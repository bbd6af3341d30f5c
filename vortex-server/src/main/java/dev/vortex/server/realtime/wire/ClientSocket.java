package dev.vortex.server.realtime.wire;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket after the upgrade: the only handler of its Netty pipeline. It is Netty's frame
 * decoder (a subclass of it, handling each frame as it is decoded), and it encodes what it writes with
 * Netty's frame encoder called directly ({@link FrameEncoder}).
 *
 * <p>Why not Vert.x's {@code ServerWebSocket}: it keeps two message queues per connection whose first chunk
 * alone is 1,024 slots (~8 KiB of heap per idle connection, several times everything else), and every write
 * goes through them. Here a write is one {@code writeAndFlush} of the shared frame bytes, and an idle
 * connection costs the Netty channel, this handler and the session. Why one handler and not a decoder, an
 * encoder and this one: each handler in a pipeline costs its context (64 bytes) and the handler object, for
 * every connection; the shared frames, the bulk of what is written, are encoded once for all connections
 * and never needed the encoder.
 *
 * <p>Threading: every method runs on the channel's event loop, which is the session's event loop.
 * Control frames are handled as RFC 6455 asks: a ping is answered with a pong, a close frame is echoed and
 * the TCP connection closed; fragmented messages are reassembled up to the frame limit; a text message must be
 * valid UTF-8 (else 1007).
 *
 * <p>With {@code permessage-deflate} negotiated (see {@link PerMessageDeflate}), shared frames are written in
 * their compressed variant and a client message with RSV1 set is inflated as its frames arrive, by an
 * {@link IncomingMessage} that lives as long as the message: corrupt data closes with 1007, a message that
 * inflates past the limit with 1009. Without the extension, RSV1 is a protocol error (1002).
 */
public final class ClientSocket extends WebSocket13FrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSocket.class);
    /** How long a close frame we sent may wait for the client's answer before the TCP connection is cut. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    /** Frames read before the session started listening; a conforming client sends none. */
    private static final int MAX_EARLY_FRAMES = 16;
    /** {@link WebSocketFrame#rsv()} of a frame with RSV1 set: a compressed message (RFC 7692 section 6). */
    private static final int RSV1 = 4;

    /** What every socket of the endpoint shares (one instance, so that a connection holds a reference). */
    public static final class Shared {
        private final int maxMessageBytes;
        private final Counter inflatedMessages;
        /** For connections without an extension: the decoder refuses any reserved bit (1002). */
        private final WebSocketDecoderConfig plainDecoder;
        /** For connections with {@code permessage-deflate}: reserved bits reach the socket, which checks them. */
        private final WebSocketDecoderConfig deflateDecoder;

        /**
         * @param maxMessageBytes the largest frame, and message (after reassembly and inflation), accepted
         *     before closing with 1009
         * @param inflatedMessages counts the compressed client messages read
         */
        public Shared(int maxMessageBytes, Counter inflatedMessages) {
            this.maxMessageBytes = maxMessageBytes;
            this.inflatedMessages = inflatedMessages;
            // One configuration of each kind for every connection: each decoder refers to it instead of a copy.
            WebSocketDecoderConfig.Builder decoder = WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(maxMessageBytes)
                    // Violations are answered by the socket itself (exceptionCaught), with the close code.
                    .closeOnProtocolViolation(false)
                    // The socket checks whole messages, after inflating them when they were compressed.
                    .withUTF8Validator(false);
            this.plainDecoder = decoder.allowExtensions(false).build();
            this.deflateDecoder = decoder.allowExtensions(true).build();
        }

        /** The largest frame or message accepted. */
        public int maxMessageBytes() {
            return maxMessageBytes;
        }

        /** Counts the compressed client messages read. */
        public Counter inflatedMessages() {
            return inflatedMessages;
        }

        WebSocketDecoderConfig decoder(boolean deflate) {
            return deflate ? deflateDecoder : plainDecoder;
        }
    }

    /** What the session hears from its client. Called on the event loop. */
    public interface Listener {
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
    private final Shared shared;
    /** Whether {@code permessage-deflate} was negotiated. */
    private final boolean deflate;
    /** What only some connections ever need, made on first use; {@code null} on an idle connection. */
    private Extras extras;

    private boolean closedNotified;
    private Listener listener;

    private boolean closeSent;

    /**
     * The state of a connection that does more than wait: each field is {@code null} (or {@code false}) until
     * needed. One object for all of them, so that an idle connection carries a single null reference instead of
     * seven references and a flag (some 32 bytes less per connection, in a handler that is already Netty's
     * frame decoder).
     */
    private static final class Extras {
        /** Frames read before the session started listening; a conforming client sends none. */
        ArrayDeque<WebSocketFrame> early;
        /** Runs the next time the outbound buffer drains. */
        Runnable onWritable;
        /** The message whose first frames were read; only between a message's first and last frame. */
        IncomingMessage partial;
        /** Made when someone waits for the close. */
        Promise<Void> closed;
        /** Whether the current read (or replay of early frames) has answered a ping already. */
        boolean pongInThisRead;
        /** The payload of the latest ping of this read not answered yet; answered once the read ends. */
        ByteBuf unansweredPing;

        Short closeStatusCode;
        String closeReason;
    }

    private Extras extras() {
        if (extras == null) {
            extras = new Extras();
        }
        return extras;
    }

    /**
     * @param channel the upgraded channel; reading stays off until {@link #listen}
     * @param shared the limits and meters every socket shares
     * @param deflate whether the handshake negotiated {@code permessage-deflate}
     */
    public ClientSocket(Channel channel, Shared shared, boolean deflate) {
        super(shared.decoder(deflate));
        this.channel = channel;
        this.shared = shared;
        this.deflate = deflate;
    }

    /**
     * Starts delivering the client's messages to {@code listener}, and reading from the socket. Called again, it
     * hands the messages that follow to another listener (one that holds them for a while, say).
     */
    public void listen(Listener newListener) {
        this.listener = newListener;
        if (extras != null && extras.early != null) {
            ArrayDeque<WebSocketFrame> frames = extras.early;
            extras.early = null;
            for (WebSocketFrame frame : frames) {
                handle(frame);
            }
            readEnded();
        }
        if (!channel.isActive()) {
            notifyClosed();
            return;
        }
        channel.config().setAutoRead(true);
    }

    /** The listener the client's messages go to now; {@code null} before {@link #listen}. */
    public Listener listener() {
        return listener;
    }

    /**
     * Writes {@code frame} unless a close frame was already sent.
     *
     * @return whether it was written
     */
    public boolean send(Frame frame) {
        if (isClosed()) {
            return false;
        }
        Object message = frame.message(deflate);
        if (message instanceof WebSocketFrame single) {
            write(single, channel.voidPromise());
        } else {
            channel.writeAndFlush(message, channel.voidPromise());
        }
        return true;
    }

    /**
     * Sends a heartbeat's ping frame and JSON ping, unless a close frame was already sent: one write and one flush
     * of the bytes every connection of the sweep shares. Written also when the outbound buffer is over its high-water
     * mark, as pings always were: they are small and come once per interval.
     *
     * @return whether they were written
     */
    public boolean ping(HeartbeatFrames frames) {
        if (isClosed()) {
            return false;
        }
        channel.writeAndFlush(frames.message(), channel.voidPromise());
        return true;
    }

    /** Whether the socket's outbound buffer is over its high-water mark (the client reads too slowly). */
    public boolean writeQueueFull() {
        return !channel.isWritable();
    }

    /** Runs {@code callback} once, the next time the outbound buffer drains below its low-water mark. */
    public void whenWritable(Runnable callback) {
        extras().onWritable = callback;
    }

    /**
     * Sends a close frame and closes the TCP connection when the client answers (or after a few seconds).
     *
     * @return completes when the connection is closed
     */
    public Future<Void> close(short code, String reason) {
        if (!closeSent && channel.isActive()) {
            recordClose(code, reason);
            sendClose(new CloseWebSocketFrame(code, reason));
            closeAfterTimeout();
        }
        if (closedNotified) {
            return Future.succeededFuture();
        }
        Extras state = extras();
        if (state.closed == null) {
            state.closed = Promise.promise();
        }
        return state.closed.future();
    }

    /** Whether a close frame was sent or the connection is gone: nothing more may be written. */
    public boolean isClosed() {
        return closeSent || !channel.isActive();
    }

    /** The client's address. */
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The status of the first close frame sent or received, or {@code null}. */
    public Short closeStatusCode() {
        return extras == null ? null : extras.closeStatusCode;
    }

    /** The reason of the first close frame sent or received, or {@code null}. */
    public String closeReason() {
        return extras == null ? null : extras.closeReason;
    }

    /** Encodes {@code frame} (and releases it) and writes it, flushed. */
    private ChannelFuture write(WebSocketFrame frame, ChannelPromise promise) {
        // Looked up rather than kept: one field less per connection, and the pipeline has one handler.
        ChannelHandlerContext ctx = channel.pipeline().context(this);
        if (ctx == null) {
            // The channel was closed and its pipeline emptied.
            frame.release();
            if (!promise.isVoid()) {
                promise.setFailure(new ClosedChannelException());
            }
            return promise;
        }
        return FrameEncoder.SERVER.write(ctx, frame, promise);
    }

    /**
     * Netty's decoding, then each decoded frame handled here at once instead of being passed down a pipeline
     * that has no other handler.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decode(ctx, in, out);
        int i = 0;
        try {
            for (; i < out.size(); i++) {
                received((WebSocketFrame) out.get(i));
            }
        } finally {
            for (i++; i < out.size(); i++) {
                ReferenceCountUtil.release(out.get(i));
            }
            out.clear();
        }
    }

    private void received(WebSocketFrame frame) {
        if (listener != null) {
            handle(frame);
            return;
        }
        Extras state = extras();
        if (state.early == null) {
            state.early = new ArrayDeque<>(4);
        }
        if (state.early.size() >= MAX_EARLY_FRAMES) {
            frame.release();
            close((short) 1008, "too many messages before the session started");
            return;
        }
        state.early.add(frame);
    }

    private void handle(WebSocketFrame frame) {
        try {
            if (closeSent && !(frame instanceof CloseWebSocketFrame)) {
                // Our close frame is out: only the client's answer to it matters now.
                return;
            }
            if (!reservedBitsAllowed(frame)) {
                close((short) 1002, "reserved bits " + frame.rsv() + " not allowed on this frame");
                return;
            }
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                startMessage(frame);
            } else if (frame instanceof ContinuationWebSocketFrame) {
                continueMessage(frame);
            } else if (frame instanceof PingWebSocketFrame) {
                // The first ping of a read is answered at once (in order with the answers to messages); any
                // later one of the same read only when the read ends, the latest alone (answerPing): RFC 6455
                // section 5.5.3 lets an endpoint answer only the latest of several pings.
                Extras state = extras();
                if (state.unansweredPing != null) {
                    state.unansweredPing.release();
                }
                state.unansweredPing = frame.content().retain();
                if (!state.pongInThisRead) {
                    state.pongInThisRead = true;
                    answerPing();
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

    /**
     * RFC 6455 section 5.2 and RFC 7692 section 6: no reserved bit without an extension that defines it, and
     * {@code permessage-deflate} defines only RSV1, on the first frame of a data message. (Without the
     * extension the frame decoder refuses reserved bits itself.)
     */
    private boolean reservedBitsAllowed(WebSocketFrame frame) {
        return frame.rsv() == 0
                || (deflate
                        && frame.rsv() == RSV1
                        && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame));
    }

    private void startMessage(WebSocketFrame frame) {
        if (extras != null && extras.partial != null) {
            dropPartial();
            close((short) 1002, "a new message started before the previous one ended");
            return;
        }
        boolean text = frame instanceof TextWebSocketFrame;
        boolean compressed = frame.rsv() == RSV1;
        if (!compressed && frame.isFinalFragment()) {
            // The common case: a whole message in one frame, read where it lies.
            deliver(text, frame.content());
            return;
        }
        extras().partial = new IncomingMessage(channel.alloc(), text, compressed, shared.maxMessageBytes());
        read(frame);
    }

    private void continueMessage(WebSocketFrame frame) {
        if (extras == null || extras.partial == null) {
            close((short) 1002, "a continuation frame without a message to continue");
            return;
        }
        read(frame);
    }

    /** Takes a frame of the partial message in, and delivers the message after its last frame. */
    private void read(WebSocketFrame frame) {
        IncomingMessage partial = extras.partial;
        IncomingMessage.Outcome outcome = partial.append(frame.content());
        if (outcome == IncomingMessage.Outcome.OK && frame.isFinalFragment()) {
            outcome = partial.finish();
        }
        if (outcome != IncomingMessage.Outcome.OK) {
            String corruption = partial.corruption();
            dropPartial();
            if (outcome == IncomingMessage.Outcome.TOO_LARGE) {
                close((short) 1009, "message too large");
            } else {
                close((short) 1007, corruption);
            }
            return;
        }
        if (!frame.isFinalFragment()) {
            return;
        }
        IncomingMessage message = partial;
        extras.partial = null;
        try {
            if (message.compressed()) {
                shared.inflatedMessages().increment();
            }
            deliver(message.text(), message.content());
        } finally {
            message.release();
        }
    }

    /**
     * Answers the latest ping not answered yet, if any, with one pong; not to a client that is not reading
     * (unwritable socket). At most twice per read rather than once per ping: a client that sends pings
     * without reading would otherwise have a pong written per ping until the outbound buffer passes its
     * high-water mark (some 600 small pongs queued here), on top of what the kernel's send buffer takes. A
     * client that reads again gets pongs again.
     */
    private void answerPing() {
        if (extras == null || extras.unansweredPing == null) {
            return;
        }
        ByteBuf payload = extras.unansweredPing;
        extras.unansweredPing = null;
        if (!isClosed() && channel.isWritable()) {
            write(new PongWebSocketFrame(payload), channel.voidPromise());
        } else {
            payload.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        readEnded();
        super.channelReadComplete(ctx);
    }

    /** Answers the latest ping the read brought, if not answered yet; the next read answers its first at once. */
    private void readEnded() {
        if (extras != null) {
            answerPing();
            extras.pongInThisRead = false;
        }
    }

    private void dropPartial() {
        if (extras != null && extras.partial != null) {
            extras.partial.release();
            extras.partial = null;
        }
    }

    private void deliver(boolean text, ByteBuf content) {
        if (!text) {
            listener.onBinary();
        } else if (ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            listener.onText(content.toString(StandardCharsets.UTF_8));
        } else {
            // RFC 6455 section 8.1: invalid UTF-8 in a text message fails the connection with 1007.
            close((short) 1007, "a text message that is not valid UTF-8");
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
        return write(frame, channel.newPromise());
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
        Extras state = extras();
        if (code >= 0) {
            state.closeStatusCode = code;
        }
        state.closeReason = reason;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && extras != null && extras.onWritable != null) {
            Runnable callback = extras.onWritable;
            extras.onWritable = null;
            callback.run();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            // The decoder's part first: it decodes what is left and passes the event on.
            super.channelInactive(ctx);
        } finally {
            // Even if what was left failed to decode: the session must hear of the close.
            dropPartial();
            if (extras != null && extras.unansweredPing != null) {
                extras.unansweredPing.release();
                extras.unansweredPing = null;
            }
            if (extras != null && extras.early != null) {
                extras.early.forEach(WebSocketFrame::release);
                extras.early = null;
            }
            if (listener != null) {
                notifyClosed();
            }
        }
    }

    private void notifyClosed() {
        if (closedNotified) {
            return;
        }
        closedNotified = true;
        if (extras != null && extras.closed != null) {
            extras.closed.complete();
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
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            // The decoder's: it decodes what is left.
            super.userEventTriggered(ctx, event);
            return;
        }
        // Vert.x's server announces its shutdown here; the real-time endpoint has closed its sockets already.
        ReferenceCountUtil.release(event);
    }
}
