package dev.vortex.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;

/**
 * Encoded snapshot and change frames, made once per (key, version pair, shape) and shared by every session
 * that needs them: a change fanned out to 10,000 clients is diffed and serialised once.
 *
 * <p>Thread-safe; frames are immutable. Bounded by total bytes.
 */
final class SharedFrames {
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final ServerMessages messages;
    private final Cache<FrameKey, Frame> frames = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((FrameKey key, Frame frame) -> frame.weight() + 64)
            .build();

    private record FrameKey(ConfigKey key, String fromVersion, String toVersion, Shape shape) {}

    SharedFrames(ServerMessages messages) {
        this.messages = messages;
    }

    /** The {@code config_snapshot} of {@code config}. */
    Frame snapshot(ResolvedConfig config, Shape shape) {
        FrameKey frameKey = new FrameKey(config.key(), null, config.version(), shape);
        Frame frame = frames.getIfPresent(frameKey);
        if (frame == null) {
            frame = Frame.shared(
                    "config_snapshot", messages.snapshot(config.key(), shape.of(config), config.version()));
            frames.put(frameKey, frame);
        }
        return frame;
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
        // Computed outside the cache: the snapshot fallback uses the cache too, and Caffeine forbids
        // recursive computation. Two threads racing here both compute the same frame; one wins.
        FrameKey frameKey = new FrameKey(to.key(), from.version(), to.version(), shape);
        Frame frame = frames.getIfPresent(frameKey);
        if (frame == null) {
            frame = encodeChange(from, to, shape);
            frames.put(frameKey, frame);
        }
        return frame;
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
        return Frame.shared("config_change", messages.change(to.key(), diff, from.version(), to.version()));
    }
}
