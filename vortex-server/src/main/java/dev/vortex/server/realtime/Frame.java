package dev.vortex.server.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.ByteBuffer;

/**
 * An encoded server message.
 *
 * <p>A frame sent to many sessions (a snapshot or a change) also carries its bytes on the wire: the whole
 * WebSocket text frame, header included, in one direct buffer. Server frames are not masked, so these bytes
 * are the same for every recipient, and a delivery writes a view of them: no encoding, no allocation of
 * frame memory and no copy per socket. The buffer is owned by the garbage collector (a JDK direct buffer,
 * never released by Netty), so a frame can be dropped from the cache while writes of it are still queued.
 */
final class Frame {
    /** Nothing to send: the two configs of a change were equal. */
    static final Frame NOTHING = new Frame("nothing", new byte[0], null);

    private final String type;
    private final byte[] bytes;
    private final ByteBuf wire;

    private Frame(String type, byte[] bytes, ByteBuf wire) {
        this.type = type;
        this.bytes = bytes;
        this.wire = wire;
    }

    /** A message for one session; the pipeline encodes it. */
    static Frame single(String type, byte[] utf8Json) {
        return new Frame(type, utf8Json, null);
    }

    /** A message for many sessions, encoded here once as a WebSocket text frame. */
    static Frame shared(String type, byte[] utf8Json) {
        return new Frame(type, utf8Json, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(textFrame(utf8Json))));
    }

    /** The message's {@code type}, for metrics. */
    String type() {
        return type;
    }

    /** The UTF-8 JSON; never modified. */
    byte[] bytes() {
        return bytes;
    }

    /** Bytes of memory the frame holds, for the cache's bound. */
    int weight() {
        return wire == null ? bytes.length : bytes.length + wire.capacity();
    }

    /** What to write to a channel: a fresh view of the shared wire bytes, or a frame for the encoder. */
    Object message() {
        return wire != null ? wire.duplicate() : new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }

    /** RFC 6455 section 5.2: a final, unmasked text frame carrying {@code payload}. */
    static ByteBuffer textFrame(byte[] payload) {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(headerLength + length);
        frame.put((byte) 0x81); // FIN, opcode 1 (text)
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return frame;
    }
}
