package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ResolvedConfig;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers each change to the sessions that follow its key.
 *
 * <p>Threading: called on whatever thread published the change. It groups the recipients by event loop and
 * hands each group to its loop in one task, so a change to 10,000 sessions costs one task per event loop,
 * and each session is only ever touched on its own loop. The encoded frames themselves are shared through
 * {@link SharedFrames}.
 */
final class ConfigChangeBroadcaster implements Consumer<ConfigChangeEvent> {
    private final ConnectionRegistry registry;
    private final RealtimeMetrics metrics;
    private final PatternKeys patternKeys;

    ConfigChangeBroadcaster(ConnectionRegistry registry, RealtimeMetrics metrics, PatternKeys patternKeys) {
        this.registry = registry;
        this.metrics = metrics;
        this.patternKeys = patternKeys;
    }

    @Override
    public void accept(ConfigChangeEvent event) {
        Set<Session> recipients = registry.recipients(event.key(), patternKeys.contains(event.key()));
        deliver(recipients, event.current(), () -> metrics.broadcast(recipients.size(), event.detectedAtNanos()));
    }

    /**
     * Tells the pattern subscribers of {@code config}'s key about it: a key that has just become visible to
     * patterns (its first client connected). Not a change, so not metered; a subscriber that holds it already
     * ignores it.
     */
    void announce(ResolvedConfig config) {
        Set<Session> subscribers = registry.patternSubscribers(config.key());
        deliver(subscribers, config, () -> {});
    }

    private void deliver(Set<Session> recipients, ResolvedConfig config, Runnable whenDone) {
        if (recipients.isEmpty()) {
            return;
        }
        Map<Context, List<Session>> byEventLoop = new HashMap<>();
        for (Session session : recipients) {
            byEventLoop
                    .computeIfAbsent(session.context(), ignored -> new ArrayList<>())
                    .add(session);
        }
        AtomicInteger groupsLeft = new AtomicInteger(byEventLoop.size());
        byEventLoop.forEach((context, sessions) -> context.runOnContext(ignored -> {
            for (Session session : sessions) {
                session.deliver(config);
            }
            if (groupsLeft.decrementAndGet() == 0) {
                whenDone.run();
            }
        }));
    }
}
