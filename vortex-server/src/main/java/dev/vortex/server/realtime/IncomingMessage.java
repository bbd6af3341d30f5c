package dev.vortex.server.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A client message being read: the payloads of its frames joined, and inflated as they arrive when the
 * message was compressed ({@code permessage-deflate}, RFC 7692 section 7.2.2). Never holds more than the
 * message limit: a frame that would take the message past it, compressed or not, ends the message with
 * {@link Outcome#TOO_LARGE} before its bytes are kept, so a small compressed frame that would inflate to
 * gigabytes costs at most the limit plus one byte.
 *
 * <p>A compressed message has an {@link Inflater} of its own, made with the message and released with it:
 * with {@code client_no_context_takeover} no state carries over from one message to the next, so an idle
 * connection holds none. Not thread-safe: used on the connection's event loop.
 */
final class IncomingMessage {
    /** What became of a frame's payload. */
    enum Outcome {
        /** Taken in. */
        OK,
        /** The message is over the limit; nothing more is kept. */
        TOO_LARGE,
        /** The compressed data is not valid DEFLATE (or refers to an earlier message's data). */
        CORRUPT
    }

    /** RFC 7692 section 7.2.2: the receiver appends the empty block that the sender removed. */
    private static final byte[] SYNC_FLUSH_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean text;
    private final int limit;
    private final ByteBuf content;
    private final Inflater inflater;
    private String corruption;

    /**
     * @param text whether it is a text message (else binary)
     * @param compressed whether its first frame had RSV1 set
     * @param limit the most bytes the message may have once inflated
     */
    IncomingMessage(ByteBufAllocator allocator, boolean text, boolean compressed, int limit) {
        this.text = text;
        this.limit = limit;
        // Starts small and grows to at most one byte over the limit, the byte that tells the limit was passed.
        this.content = allocator.heapBuffer(Math.min(limit + 1, 256), limit + 1);
        this.inflater = compressed ? new Inflater(true) : null;
    }

    boolean text() {
        return text;
    }

    boolean compressed() {
        return inflater != null;
    }

    /** Why the compressed data was refused, after {@link Outcome#CORRUPT}. */
    String corruption() {
        return corruption;
    }

    /** Takes in one frame's payload (which the caller still owns). */
    Outcome append(ByteBuf payload) {
        if (inflater == null) {
            if (content.readableBytes() + payload.readableBytes() > limit) {
                return Outcome.TOO_LARGE;
            }
            content.writeBytes(payload);
            return Outcome.OK;
        }
        return inflate(payload.nioBuffer());
    }

    /** Ends the message; after {@link Outcome#OK}, {@link #content()} is the whole message. */
    Outcome finish() {
        return inflater == null ? Outcome.OK : inflate(ByteBuffer.wrap(SYNC_FLUSH_TAIL));
    }

    /** The message's bytes, valid until {@link #release()}. */
    ByteBuf content() {
        return content;
    }

    /** Frees the buffer and the inflater's native memory; call once, whatever the outcome. */
    void release() {
        content.release();
        if (inflater != null) {
            inflater.end();
        }
    }

    private Outcome inflate(ByteBuffer input) {
        inflater.setInput(input);
        try {
            while (!inflater.finished()) {
                if (!content.isWritable() && !grow()) {
                    return Outcome.TOO_LARGE;
                }
                int writerIndex = content.writerIndex();
                int inflated = inflater.inflate(content.nioBuffer(writerIndex, content.writableBytes()));
                content.writerIndex(writerIndex + inflated);
                if (content.readableBytes() > limit) {
                    return Outcome.TOO_LARGE;
                }
                if (inflated == 0) {
                    if (inflater.needsDictionary()) {
                        corruption = "the compressed message needs a preset dictionary";
                        return Outcome.CORRUPT;
                    }
                    if (inflater.needsInput()) {
                        break;
                    }
                }
            }
            // After a final block (BFINAL) the rest of the input, such as the appended empty block, is ignored.
            return Outcome.OK;
        } catch (DataFormatException e) {
            corruption = "invalid compressed data: " + e.getMessage();
            return Outcome.CORRUPT;
        }
    }

    /** Makes room for more inflated bytes, up to one over the limit; false when there is none left. */
    private boolean grow() {
        if (content.capacity() >= content.maxCapacity()) {
            return false;
        }
        content.ensureWritable(Math.min(content.capacity(), content.maxWritableBytes()));
        return true;
    }
}
