package dev.vortex.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.Frame;
import dev.vortex.server.realtime.wire.FrameDeflater;

/**
 * Encoded snapshot and change frames, made once per (key, version pair, shape) and shared by every session
 * that needs them: a change fanned out to 10,000 clients is diffed, serialised and (for the clients that
 * negotiated {@code permessage-deflate}) compressed once.
 *
 * <p>Thread-safe; frames are immutable. Bounded by total bytes. Each frame is computed atomically: sessions
 * on several event loops asking for the same frame at once wait for one computation (tens of microseconds)
 * rather than each making their own, so a change is encoded and compressed exactly once. Snapshots and
 * changes are cached apart because a change can fall back to a snapshot while it is computed, and a cache
 * must not be entered again from its own computation.
 */
final class SharedFrames {
    private static final long MAX_BYTES_EACH = 32L * 1024 * 1024;

    private final ServerMessages messages;
    private final FrameDeflater deflater;
    private final Cache<FrameKey, Frame> snapshots = newCache();
    private final Cache<FrameKey, Frame> changes = newCache();

    private record FrameKey(ConfigKey key, String fromVersion, String toVersion, Shape shape) {}

    /** @param deflater makes each frame's compressed variant, once */
    SharedFrames(ServerMessages messages, FrameDeflater deflater) {
        this.messages = messages;
        this.deflater = deflater;
    }

    private static Cache<FrameKey, Frame> newCache() {
        return Caffeine.newBuilder()
                .maximumWeight(MAX_BYTES_EACH)
                .weigher((FrameKey key, Frame frame) -> frame.weight() + 64)
                // Upkeep on the writing thread, not a ForkJoinPool worker woken after every change (see
                // ResolvedConfigCache).
                .executor(Runnable::run)
                .build();
    }

    /** The {@code config_snapshot} of {@code config}. */
    Frame snapshot(ResolvedConfig config, Shape shape) {
        return snapshots.get(
                new FrameKey(config.key(), null, config.version(), shape),
                frameKey -> Frame.shared(
                        "config_snapshot",
                        messages.snapshot(config.key(), shape.of(config), config.version()),
                        deflater));
    }

    /**
     * The frame that takes a client from {@code from} to {@code to}: a {@code config_change}, or the
     * {@code config_snapshot} of {@code to} when the patch would be larger than the config itself, or
     * {@link Frame#NOTHING} when the configs are equal.
     */
    Frame change(ResolvedConfig from, ResolvedConfig to, Shape shape) {
        if (from.version().equals(to.version())) {
            return Frame.NOTHING;
        }
        return changes.get(
                new FrameKey(to.key(), from.version(), to.version(), shape), frameKey -> encodeChange(from, to, shape));
    }

    private Frame encodeChange(ResolvedConfig from, ResolvedConfig to, Shape shape) {
        JsonNode target = shape.of(to);
        ArrayNode diff = ConfigPatch.diff(shape.of(from), target);
        if (diff.isEmpty()) {
            return Frame.NOTHING;
        }
        if (ServerMessages.encodedSize(diff) > ServerMessages.encodedSize(target)) {
            return snapshot(to, shape);
        }
        return Frame.shared("config_change", messages.change(to.key(), diff, from.version(), to.version()), deflater);
    }
}
