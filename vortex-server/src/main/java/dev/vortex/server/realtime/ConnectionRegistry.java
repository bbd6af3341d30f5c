package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open session, indexed three ways: by the key it connected to, by the patterns it subscribed, and by
 * the event loop it runs on.
 *
 * <p>Finding the recipients of a change costs nine map lookups (the exact key and the eight patterns that
 * could match it, see {@link KeyPattern#candidatesFor}), never a scan of connections or patterns.
 *
 * <p>Threading: the key and pattern indexes are concurrent maps of concurrent sets, read by the broadcaster
 * on any thread and written by sessions on their event loops; adding and removing go through
 * {@code compute}, so an empty set is removed atomically with its last session. Each event loop's group is
 * only touched on that event loop, and runs that loop's heartbeat timer: one timer per event loop, not one
 * per connection.
 */
final class ConnectionRegistry {
    private final Map<ConfigKey, Set<Session>> byKey = new ConcurrentHashMap<>();
    private final Map<KeyPattern, Set<Session>> byPattern = new ConcurrentHashMap<>();
    private final Map<Context, EventLoopGroup> byEventLoop = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long heartbeatSweepMillis;

    ConnectionRegistry(Clock clock, RealtimeSettings settings) {
        this.clock = clock;
        long shortest = Math.min(
                settings.pingInterval().toMillis(), settings.pongTimeout().toMillis());
        this.heartbeatSweepMillis = Math.max(10, Math.min(1000, shortest / 4));
    }

    /** Adds a session under its own key. Called on the session's event loop. */
    void add(Session session) {
        addTo(byKey, session.ownKey(), session);
        byEventLoop
                .computeIfAbsent(session.context(), context -> new EventLoopGroup(context))
                .sessions
                .add(session);
    }

    void addPattern(KeyPattern pattern, Session session) {
        addTo(byPattern, pattern, session);
    }

    void removePattern(KeyPattern pattern, Session session) {
        removeFrom(byPattern, pattern, session);
    }

    /** Removes a session from every index. Called on the session's event loop. */
    void remove(Session session, Collection<KeyPattern> patterns) {
        removeFrom(byKey, session.ownKey(), session);
        for (KeyPattern pattern : patterns) {
            removeFrom(byPattern, pattern, session);
        }
        EventLoopGroup group = byEventLoop.get(session.context());
        if (group != null) {
            group.sessions.remove(session);
        }
    }

    /** Whether a session is connected to {@code key}. */
    boolean isConnected(ConfigKey key) {
        return byKey.containsKey(key);
    }

    /** The keys sessions are connected to. */
    Set<ConfigKey> connectedKeys() {
        return Set.copyOf(byKey.keySet());
    }

    /**
     * The sessions that follow {@code key}: those connected to it and, when {@code viaPatterns}, those whose
     * patterns match it.
     */
    Set<Session> recipients(ConfigKey key, boolean viaPatterns) {
        Set<Session> recipients = viaPatterns ? patternSubscribers(key) : new HashSet<>();
        Set<Session> direct = byKey.get(key);
        if (direct != null) {
            recipients.addAll(direct);
        }
        return recipients;
    }

    /** The sessions whose patterns match {@code key}. */
    Set<Session> patternSubscribers(ConfigKey key) {
        Set<Session> subscribers = new HashSet<>();
        if (!byPattern.isEmpty()) {
            for (KeyPattern candidate : KeyPattern.candidatesFor(key)) {
                Set<Session> subscribed = byPattern.get(candidate);
                if (subscribed != null) {
                    subscribers.addAll(subscribed);
                }
            }
        }
        return subscribers;
    }

    /**
     * The keys someone follows: connected keys, and the {@code known} keys (those patterns may see) that a
     * subscribed pattern matches.
     */
    Set<ConfigKey> followedKeys(Collection<ConfigKey> known) {
        Set<ConfigKey> followed = new HashSet<>(byKey.keySet());
        if (!byPattern.isEmpty()) {
            for (ConfigKey key : known) {
                for (KeyPattern candidate : KeyPattern.candidatesFor(key)) {
                    if (byPattern.containsKey(candidate)) {
                        followed.add(key);
                        break;
                    }
                }
            }
        }
        return followed;
    }

    /** Runs {@code action} for every session, each on its own event loop; completes when all have run. */
    Future<Void> forEachSession(java.util.function.Function<Session, Future<Void>> action) {
        List<Future<Void>> done = new ArrayList<>();
        for (EventLoopGroup group : byEventLoop.values()) {
            Promise<Void> groupDone = Promise.promise();
            done.add(groupDone.future());
            group.context.runOnContext(ignored -> {
                List<Future<Void>> sessions = new ArrayList<>();
                for (Session session : List.copyOf(group.sessions)) {
                    sessions.add(action.apply(session));
                }
                Future.join(sessions).<Void>mapEmpty().onComplete(groupDone);
            });
        }
        return Future.join(done).mapEmpty();
    }

    /** The sessions of one event loop and the timer that keeps their heartbeat. */
    private final class EventLoopGroup {
        final Context context;
        final Set<Session> sessions = new HashSet<>();

        /** Created on the event loop itself, so the timer fires there. */
        EventLoopGroup(Context context) {
            this.context = context;
            context.owner().setPeriodic(heartbeatSweepMillis, ignored -> {
                long now = clock.millis();
                for (Session session : List.copyOf(sessions)) {
                    session.heartbeat(now);
                }
            });
        }
    }

    private static <K> void addTo(Map<K, Set<Session>> index, K key, Session session) {
        index.compute(key, (ignored, sessions) -> {
            Set<Session> set = sessions != null ? sessions : ConcurrentHashMap.newKeySet();
            set.add(session);
            return set;
        });
    }

    private static <K> void removeFrom(Map<K, Set<Session>> index, K key, Session session) {
        index.computeIfPresent(key, (ignored, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }
}
