package dev.vortex.server.realtime.wire;

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
 *
 * <p>Such a frame may also carry a compressed variant for the connections that negotiated {@code
 * permessage-deflate}: the same message as one text frame with RSV1 set and a payload compressed once, by
 * {@link FrameDeflater}, for all of them. It is made when the first such connection is sent the frame, not
 * before: a change that no recipient would read compressed (the usual case for non-browser clients) is never
 * compressed (~33 µs per change saved). Thread-safe: sessions on several event loops may ask at once; one
 * compresses, the others wait for it.
 */
public final class Frame {
    /** Nothing to send: the two configs of a change were equal. */
    public static final Frame NOTHING = new Frame("nothing", new byte[0], null, FrameDeflater.DISABLED);

    /** The first byte of a final text frame: FIN, opcode 1. */
    static final byte FINAL_TEXT = (byte) 0x81;
    /** The same with RSV1, which marks a compressed message (RFC 7692 section 6). */
    private static final byte FINAL_COMPRESSED_TEXT = (byte) 0xC1;

    private final String type;
    private final byte[] bytes;
    private final ByteBuf wire;
    /** Makes the compressed variant; {@code null} once it is made (or when there is none to make). */
    private volatile FrameDeflater deflater;
    /** The compressed variant, once made; {@code null} before, or when compressing does not pay. */
    private volatile ByteBuf compressedWire;

    private Frame(String type, byte[] bytes, ByteBuf wire, FrameDeflater deflater) {
        this.type = type;
        this.bytes = bytes;
        this.wire = wire;
        this.deflater = deflater == FrameDeflater.DISABLED ? null : deflater;
    }

    /** A message for one session; its socket encodes it when it writes it, uncompressed (RSV1 is per message). */
    public static Frame single(String type, byte[] utf8Json) {
        return new Frame(type, utf8Json, null, FrameDeflater.DISABLED);
    }

    /** A message for many sessions, encoded here once as a WebSocket text frame, and never compressed. */
    public static Frame shared(String type, byte[] utf8Json) {
        return shared(type, utf8Json, FrameDeflater.DISABLED);
    }

    /**
     * A message for many sessions, encoded here once as a WebSocket text frame, and once more compressed by
     * {@code deflater} when that pays.
     */
    public static Frame shared(String type, byte[] utf8Json, FrameDeflater deflater) {
        return new Frame(
                type,
                utf8Json,
                unreleasable(textFrame(FINAL_TEXT, utf8Json)),
                utf8Json.length < FrameDeflater.THRESHOLD_BYTES ? FrameDeflater.DISABLED : deflater);
    }

    /** The compressed variant, made on the first call; {@code null} when compressing does not pay. */
    private ByteBuf compressedWire() {
        if (deflater == null) {
            return compressedWire;
        }
        synchronized (this) {
            FrameDeflater pending = deflater;
            if (pending != null) {
                byte[] compressed = pending.deflate(bytes);
                compressedWire = compressed == null ? null : unreleasable(textFrame(FINAL_COMPRESSED_TEXT, compressed));
                deflater = null;
            }
            return compressedWire;
        }
    }

    static ByteBuf unreleasable(ByteBuffer frame) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
    }

    /** The message's {@code type}, for metrics. */
    public String type() {
        return type;
    }

    /** The UTF-8 JSON; never modified. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Bytes of memory the frame holds or may come to hold, for the cache's bound: a compressed variant not made
     * yet is counted at the most it can take (it is kept only when smaller than the plain frame).
     */
    public int weight() {
        int plain = wire == null ? 0 : wire.capacity();
        ByteBuf compressed = compressedWire;
        int variant = compressed != null ? compressed.capacity() : deflater != null ? plain : 0;
        return bytes.length + plain + variant;
    }

    /**
     * What to write to a channel: a fresh view of the shared wire bytes (compressed ones when the connection
     * negotiated {@code permessage-deflate} and this frame has them), or a frame for the socket to encode.
     */
    public Object message(boolean deflate) {
        if (wire == null) {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
        }
        ByteBuf compressed = deflate ? compressedWire() : null;
        return compressed != null ? compressed.duplicate() : wire.duplicate();
    }

    /** Bytes on the wire for a connection without compression: header and payload. */
    public int wireBytes() {
        return wire == null ? bytes.length : wire.capacity();
    }

    /** Bytes on the wire for a connection with {@code permessage-deflate}: header and payload. */
    public int compressedWireBytes() {
        ByteBuf compressed = wire == null ? null : compressedWire();
        return compressed == null ? wireBytes() : compressed.capacity();
    }

    /** RFC 6455 section 5.2: a final, unmasked text frame carrying {@code payload}, after {@code firstByte}. */
    private static ByteBuffer textFrame(byte firstByte, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocateDirect(encodedLength(payload.length));
        put(frame, firstByte, payload);
        frame.flip();
        return frame;
    }

    /** The bytes an unmasked frame with a payload of {@code payloadLength} takes: header and payload. */
    static int encodedLength(int payloadLength) {
        int headerLength = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return headerLength + payloadLength;
    }

    /**
     * RFC 6455 section 5.2: puts an unmasked frame carrying {@code payload} into {@code frame}: {@code firstByte}
     * (FIN, reserved bits, opcode), the payload length, the payload.
     */
    static void put(ByteBuffer frame, byte firstByte, byte[] payload) {
        int length = payload.length;
        frame.put(firstByte);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload);
    }
}
