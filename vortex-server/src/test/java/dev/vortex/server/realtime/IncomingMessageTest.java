package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A client message's frames joined and inflated, never past the limit. */
class IncomingMessageTest {
    private static final int LIMIT = 1000;

    private static IncomingMessage message(boolean compressed) {
        return new IncomingMessage(ByteBufAllocator.DEFAULT, true, compressed, LIMIT);
    }

    @Test
    void aCompressedMessageSplitAcrossFrames_inflatesToTheOriginal() {
        byte[] original = "{\"type\":\"subscribe\",\"patterns\":[\"a:*:*\",\"b:*:*\",\"a:*:*\"]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = RawWebSocket.deflate(original);
        IncomingMessage message = message(true);
        try {
            for (int i = 0; i < compressed.length; i += 3) {
                byte[] part = Arrays.copyOfRange(compressed, i, Math.min(compressed.length, i + 3));
                assertThat(message.append(Unpooled.wrappedBuffer(part))).isEqualTo(IncomingMessage.Outcome.OK);
            }
            assertThat(message.finish()).isEqualTo(IncomingMessage.Outcome.OK);
            assertThat(message.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo(new String(original, StandardCharsets.UTF_8));
        } finally {
            message.release();
        }
    }

    @Test
    void aBomb_stopsAtTheLimit_withNoMoreThanTheLimitPlusOneByteHeld() {
        byte[] bomb = RawWebSocket.deflate(new byte[10 * 1024 * 1024]);
        IncomingMessage message = message(true);
        try {
            assertThat(message.append(Unpooled.wrappedBuffer(bomb))).isEqualTo(IncomingMessage.Outcome.TOO_LARGE);
            assertThat(message.content().capacity()).isLessThanOrEqualTo(LIMIT + 1);
        } finally {
            message.release();
        }
    }

    @Test
    void exactlyTheLimit_isAccepted_andOneByteMore_isNot() {
        IncomingMessage atLimit = message(true);
        IncomingMessage overLimit = message(true);
        IncomingMessage plainOverLimit = message(false);
        try {
            assertThat(atLimit.append(Unpooled.wrappedBuffer(RawWebSocket.deflate(new byte[LIMIT]))))
                    .isEqualTo(IncomingMessage.Outcome.OK);
            assertThat(atLimit.finish()).isEqualTo(IncomingMessage.Outcome.OK);
            assertThat(atLimit.content().readableBytes()).isEqualTo(LIMIT);

            assertThat(overLimit.append(Unpooled.wrappedBuffer(RawWebSocket.deflate(new byte[LIMIT + 1]))))
                    .isEqualTo(IncomingMessage.Outcome.TOO_LARGE);

            assertThat(plainOverLimit.append(Unpooled.wrappedBuffer(new byte[LIMIT])))
                    .isEqualTo(IncomingMessage.Outcome.OK);
            assertThat(plainOverLimit.append(Unpooled.wrappedBuffer(new byte[1])))
                    .isEqualTo(IncomingMessage.Outcome.TOO_LARGE);
        } finally {
            atLimit.release();
            overLimit.release();
            plainOverLimit.release();
        }
    }

    @Test
    void invalidDeflate_isCorrupt_withTheInflatersReason() {
        IncomingMessage message = message(true);
        try {
            assertThat(message.append(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 1, 2})))
                    .isEqualTo(IncomingMessage.Outcome.CORRUPT);
            assertThat(message.corruption()).startsWith("invalid compressed data");
        } finally {
            message.release();
        }
    }
}
