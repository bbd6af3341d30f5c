package dev.vortex.server.realtime.wire;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * What one heartbeat sends a connection (PROTOCOL.md: a WebSocket ping frame and a JSON {@code ping}), encoded
 * once for every connection a heartbeat sweep pings: the two frames back to back in one buffer.
 *
 * <p>Why once, and why one buffer: a sweep pings the connections of its event loop that are due with the same two
 * messages (same time, same bytes: server frames are not masked), so each connection is spared the encoding and
 * its allocations; and as adjacent bytes the two frames are one write and one flush per connection, one system
 * call, where two frames written apart cost two writes and two flushes.
 *
 * <p>Never compressed, also for connections that negotiated {@code permessage-deflate}: a JSON ping is some 60
 * bytes, under {@link FrameDeflater#THRESHOLD_BYTES}, below which every shared frame goes uncompressed to everyone
 * (RFC 7692 section 6 lets each message choose; DEFLATE would save nothing here). A payload compressed anyway
 * would need its own buffer for those connections, and two writes.
 *
 * <p>As with {@link Frame}, the bytes are a JDK direct buffer owned by the garbage collector, never released by
 * Netty: a sweep's frames may be dropped while writes of them are still queued on slow sockets. Immutable;
 * thread-safe.
 */
public final class HeartbeatFrames {
    /** The first byte of a ping frame: FIN, opcode 9. */
    private static final byte PING = (byte) 0x89;
    /** RFC 6455 section 5.5: a control frame's payload is at most this long. */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final ByteBuf wire;

    private HeartbeatFrames(ByteBuf wire) {
        this.wire = wire;
    }

    /**
     * Encodes a ping frame carrying {@code pingPayload}, followed by a text frame carrying {@code utf8JsonPing}.
     *
     * @throws IllegalArgumentException if {@code pingPayload} is longer than a control frame may carry
     */
    public static HeartbeatFrames of(byte[] pingPayload, byte[] utf8JsonPing) {
        if (pingPayload.length > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a ping frame carries at most " + MAX_CONTROL_PAYLOAD
                    + " bytes (RFC 6455 section 5.5), not " + pingPayload.length);
        }
        ByteBuffer frames = ByteBuffer.allocateDirect(
                Frame.encodedLength(pingPayload.length) + Frame.encodedLength(utf8JsonPing.length));
        Frame.put(frames, PING, pingPayload);
        Frame.put(frames, Frame.FINAL_TEXT, utf8JsonPing);
        frames.flip();
        return new HeartbeatFrames(Frame.unreleasable(frames));
    }

    /** What to write to a channel: a fresh view of the shared bytes, which a write consumes and may release. */
    public ByteBuf message() {
        return wire.duplicate();
    }
}
