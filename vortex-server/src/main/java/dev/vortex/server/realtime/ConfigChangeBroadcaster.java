package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ResolvedConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers each change to the sessions that follow its key.
 *
 * <p>Threading: called on whatever thread published the change. It hands the change to each event loop that
 * has sessions in one task; there the loop's sessions that follow the key are found in the registry's index of
 * that loop and handed the change as they are found (no set of recipients is built, copied or grouped), with
 * the newest config and the frames looked up once for the loop ({@link ChangeFrames}). A change to 10,000
 * sessions costs one task per event loop, and each session is only ever touched on its own loop. The encoded
 * frames themselves are shared by every loop through {@link SharedFrames}.
 */
final class ConfigChangeBroadcaster implements Consumer<ConfigChangeEvent> {
    private final ConnectionRegistry registry;
    private final RealtimeMetrics metrics;
    private final PatternKeys patternKeys;
    private final ConfigHistory history;
    private final SharedFrames frames;

    ConfigChangeBroadcaster(
            ConnectionRegistry registry,
            RealtimeMetrics metrics,
            PatternKeys patternKeys,
            ConfigHistory history,
            SharedFrames frames) {
        this.registry = registry;
        this.metrics = metrics;
        this.patternKeys = patternKeys;
        this.history = history;
        this.frames = frames;
    }

    @Override
    public void accept(ConfigChangeEvent event) {
        long detectedAtNanos = event.detectedAtNanos();
        deliver(event.current(), true, patternKeys.contains(event.key()), reached -> {
            if (reached > 0) {
                metrics.broadcast(reached, detectedAtNanos);
            }
        });
    }

    /**
     * Tells the pattern subscribers of {@code config}'s key about it: a key that has just become visible to
     * patterns (its first client connected). Not a change, so not metered; a subscriber that holds it already
     * ignores it.
     */
    void announce(ResolvedConfig config) {
        deliver(config, false, true, reached -> {});
    }

    /**
     * Delivers {@code config} on every event loop to the sessions connected to its key (when {@code connected})
     * and to those whose patterns match it (when {@code viaPatterns}); {@code whenDone} gets how many sessions
     * were reached, once every loop is done.
     */
    private void deliver(ResolvedConfig config, boolean connected, boolean viaPatterns, Consumer<Integer> whenDone) {
        // A copy of the few event loops (not of their sessions): one may be added meanwhile.
        List<ConnectionRegistry.EventLoopSessions> eventLoops = List.copyOf(registry.eventLoops());
        if (eventLoops.isEmpty()) {
            return;
        }
        AtomicInteger loopsLeft = new AtomicInteger(eventLoops.size());
        AtomicInteger reached = new AtomicInteger();
        for (ConnectionRegistry.EventLoopSessions sessions : eventLoops) {
            sessions.context().runOnContext(ignored -> {
                try {
                    ChangeFrames change = ChangeFrames.towards(config, history, frames);
                    reached.addAndGet(sessions.forEachFollower(
                            config.key(), connected, viaPatterns, session -> session.deliver(change)));
                    change.countWritten(metrics);
                } finally {
                    if (loopsLeft.decrementAndGet() == 0) {
                        whenDone.accept(reached.get());
                    }
                }
            });
        }
    }
}
