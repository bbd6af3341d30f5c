package dev.vortex.server.realtime;

import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the payload of a shared server message once, for every recipient that negotiated {@code
 * permessage-deflate} (RFC 7692 section 7.2.1): raw DEFLATE, flushed with {@link Deflater#SYNC_FLUSH}, the
 * trailing {@code 00 00 ff ff} removed. With {@code server_no_context_takeover} every message is compressed
 * on its own, so the result is the same for every connection: no compressor lives on a connection.
 *
 * <p>Threading: one {@link Deflater} per thread (a deflater holds ~260 KiB of native memory, so neither one
 * per connection nor one per message), reset after each message. Thread-safe.
 */
final class FrameDeflater {
    /**
     * Messages shorter than this are sent uncompressed to everyone. Measured with {@code vortex-bench wire}
     * (BENCHMARKS.md, "Compression"): under ~{@value} bytes DEFLATE saves 30 bytes or less (under 20 %, the
     * smallest messages even grow), not worth an inflater set-up per message on every recipient; a one-value
     * {@code config_change} (~290 bytes) already saves a quarter, a snapshot of 200 properties four fifths.
     */
    static final int THRESHOLD_BYTES = 200;

    /** Makes no compressed variants: the extension is never answered. */
    static final FrameDeflater DISABLED = new FrameDeflater(null);

    private static final byte[] SYNC_FLUSH_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

    private final Counter compressed;

    /** @param compressed counts the messages compressed (one per shared frame that pays for it) */
    FrameDeflater(Counter compressed) {
        this.compressed = compressed;
    }

    /**
     * The compressed form of {@code payload}, or {@code null} when compression is off, the message is under
     * {@link #THRESHOLD_BYTES}, or compressing does not make it smaller.
     */
    byte[] deflate(byte[] payload) {
        if (compressed == null || payload.length < THRESHOLD_BYTES) {
            return null;
        }
        byte[] result = compress(payload);
        compressed.increment();
        return result.length < payload.length ? result : null;
    }

    /** Raw DEFLATE of {@code payload} as RFC 7692 sends it: sync-flushed, without the final empty block's tail. */
    static byte[] compress(byte[] payload) {
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 16);
            byte[] chunk = new byte[Math.min(64 * 1024, payload.length + 64)];
            int written;
            do {
                written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, written);
            } while (written == chunk.length);
            byte[] flushed = out.toByteArray();
            if (flushed.length < SYNC_FLUSH_TAIL.length
                    || !Arrays.equals(
                            flushed,
                            flushed.length - SYNC_FLUSH_TAIL.length,
                            flushed.length,
                            SYNC_FLUSH_TAIL,
                            0,
                            SYNC_FLUSH_TAIL.length)) {
                throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
            }
            return Arrays.copyOf(flushed, flushed.length - SYNC_FLUSH_TAIL.length);
        } finally {
            deflater.reset();
        }
    }
}
