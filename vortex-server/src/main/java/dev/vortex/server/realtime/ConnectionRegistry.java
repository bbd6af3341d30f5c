package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import dev.vortex.server.realtime.protocol.ServerMessages;
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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every open session, grouped by the event loop it runs on, and within each loop indexed two ways: by the key
 * it connected to and by the patterns it subscribed.
 *
 * <p>Why grouped first by event loop: a change is delivered by one task per event loop, and each task finds
 * its recipients in its own loop's indexes and hands them the change as it iterates. Nothing is copied or
 * grouped per change: a change to 10,000 sessions costs one task and at most nine map lookups per event loop
 * (the exact key and the eight patterns that could match it, see {@link KeyPattern#candidatesFor}), never a
 * scan of connections or patterns, and no set of recipients is built.
 *
 * <p>Threading: a loop's indexes are written only on that loop (sessions register, subscribe and leave on
 * their own event loop); they are concurrent maps so that other threads (the refresher asking which keys are
 * followed, a new connection asking whether its key is new) may ask which keys have sessions. The sessions of
 * a key are a {@link KeySessions}, read and written on the loop only (a pattern's subscribers, rarer, are a
 * concurrent set); a session leaving while its loop walks them (a delivery or a heartbeat closing it) does not
 * disturb the walk. Adding and removing go through {@code compute}, so an empty set is removed atomically with
 * its last session. Each event loop's group runs that loop's heartbeat timer: one timer per event loop, not one
 * per connection, and each of its sweeps encodes the pings once for all the sessions it pings
 * ({@link HeartbeatSweep}).
 */
final class ConnectionRegistry {
    private final Map<Context, EventLoopSessions> byEventLoop = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ServerMessages messages;
    private final RealtimeMetrics metrics;
    private final long heartbeatSweepMillis;

    /**
     * @param clock the time of heartbeat sweeps
     * @param messages encodes the sweeps' pings
     * @param metrics counts the pings sent
     */
    ConnectionRegistry(Clock clock, RealtimeSettings settings, ServerMessages messages, RealtimeMetrics metrics) {
        this.clock = clock;
        this.messages = messages;
        this.metrics = metrics;
        long shortest = Math.min(
                settings.pingInterval().toMillis(), settings.pongTimeout().toMillis());
        this.heartbeatSweepMillis = Math.max(10, Math.min(1000, shortest / 4));
    }

    /** Adds a session under its own key. Called on the session's event loop. */
    void add(Session session) {
        eventLoopOf(session).byKey.compute(session.ownKey(), (ignored, sessions) -> {
            KeySessions set = sessions != null ? sessions : new KeySessions();
            set.add(session);
            return set;
        });
    }

    /** Adds a pattern of a session. Called on the session's event loop. */
    void addPattern(KeyPattern pattern, Session session) {
        addTo(eventLoopOf(session).byPattern, pattern, session);
    }

    /** Removes a pattern of a session. Called on the session's event loop. */
    void removePattern(KeyPattern pattern, Session session) {
        EventLoopSessions group = byEventLoop.get(session.context());
        if (group != null) {
            removeFrom(group.byPattern, pattern, session);
        }
    }

    /** Removes a session from every index. Called on the session's event loop. */
    void remove(Session session, Collection<KeyPattern> patterns) {
        EventLoopSessions group = byEventLoop.get(session.context());
        if (group == null) {
            return;
        }
        group.byKey.computeIfPresent(session.ownKey(), (ignored, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        for (KeyPattern pattern : patterns) {
            removeFrom(group.byPattern, pattern, session);
        }
    }

    private EventLoopSessions eventLoopOf(Session session) {
        return byEventLoop.computeIfAbsent(session.context(), EventLoopSessions::new);
    }

    /** Whether a session is connected to {@code key}. Any thread. */
    boolean isConnected(ConfigKey key) {
        for (EventLoopSessions group : byEventLoop.values()) {
            if (group.byKey.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /** The keys sessions are connected to. Any thread. */
    Set<ConfigKey> connectedKeys() {
        Set<ConfigKey> keys = new HashSet<>();
        for (EventLoopSessions group : byEventLoop.values()) {
            keys.addAll(group.byKey.keySet());
        }
        return keys;
    }

    /** The event loops that have (or had) sessions, each with its sessions. */
    Collection<EventLoopSessions> eventLoops() {
        return byEventLoop.values();
    }

    /**
     * The sessions that follow {@code key}, each once: those connected to it and, when {@code viaPatterns},
     * those whose patterns match it. A copy, for tests and diagnostics on a registry no loop is changing (a key's
     * sessions belong to their loop); deliveries go through {@link EventLoopSessions#forEachFollower}, which
     * copies nothing.
     */
    List<Session> recipients(ConfigKey key, boolean viaPatterns) {
        List<Session> recipients = new ArrayList<>();
        for (EventLoopSessions group : byEventLoop.values()) {
            group.forEachFollower(key, true, viaPatterns, recipients::add);
        }
        return recipients;
    }

    /**
     * The keys someone follows: connected keys, and the {@code known} keys (those patterns may see) that a
     * subscribed pattern matches. Any thread.
     */
    Set<ConfigKey> followedKeys(Collection<ConfigKey> known) {
        Set<ConfigKey> followed = connectedKeys();
        boolean anyPattern = false;
        for (EventLoopSessions group : byEventLoop.values()) {
            anyPattern |= !group.byPattern.isEmpty();
        }
        if (anyPattern) {
            for (ConfigKey key : known) {
                if (subscribedByPattern(key)) {
                    followed.add(key);
                }
            }
        }
        return followed;
    }

    /** Whether a subscribed pattern matches {@code key}. Any thread. */
    boolean subscribedByPattern(ConfigKey key) {
        for (KeyPattern candidate : KeyPattern.candidatesFor(key)) {
            for (EventLoopSessions group : byEventLoop.values()) {
                if (group.byPattern.containsKey(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs {@code action} for every session, each on its own event loop; completes when all have run. */
    Future<Void> forEachSession(Function<Session, Future<Void>> action) {
        List<Future<Void>> done = new ArrayList<>();
        for (EventLoopSessions group : byEventLoop.values()) {
            Promise<Void> groupDone = Promise.promise();
            done.add(groupDone.future());
            group.context.runOnContext(ignored -> {
                List<Future<Void>> sessions = new ArrayList<>();
                // A copy: the action may close sessions, and closed ones leave the indexes.
                for (Session session : group.sessions()) {
                    sessions.add(action.apply(session));
                }
                Future.join(sessions).<Void>mapEmpty().onComplete(groupDone);
            });
        }
        return Future.join(done).mapEmpty();
    }

    /** The sessions of one event loop, indexed by key and by pattern, and the timer that keeps their heartbeat. */
    final class EventLoopSessions {
        private final Context context;
        private final Map<ConfigKey, KeySessions> byKey = new ConcurrentHashMap<>();
        private final Map<KeyPattern, Set<Session>> byPattern = new ConcurrentHashMap<>();

        /** Created on the event loop itself, so the timer fires there. */
        private EventLoopSessions(Context context) {
            this.context = context;
            context.owner().setPeriodic(heartbeatSweepMillis, ignored -> {
                // One sweep for all the loop's sessions: those due get the same ping frames, encoded once.
                HeartbeatSweep sweep = new HeartbeatSweep(clock.instant(), messages, metrics);
                Consumer<Session> visit = session -> session.heartbeat(sweep);
                // Every session is under exactly one key, its own. A session that closes here leaves its set;
                // the iteration goes on undisturbed.
                for (KeySessions sessions : byKey.values()) {
                    sessions.forEach(visit);
                }
                sweep.finish();
            });
        }

        /** The loop these sessions run on. */
        Context context() {
            return context;
        }

        /**
         * Runs {@code action} for each session of this loop that follows {@code key}, once each: when {@code
         * connected}, those connected to it; when {@code viaPatterns}, those whose patterns match it. Called on
         * this loop (other threads get a weakly consistent view). Copies nothing unless two or more of one
         * session's patterns could match the key (then the subscribers of those patterns are merged, so that a
         * session still hears of the change once).
         *
         * @return how many sessions {@code action} ran for
         */
        int forEachFollower(ConfigKey key, boolean connected, boolean viaPatterns, Consumer<Session> action) {
            int reached = 0;
            if (connected) {
                KeySessions direct = byKey.get(key);
                if (direct != null) {
                    reached += direct.forEach(action);
                }
            }
            if (!viaPatterns || byPattern.isEmpty()) {
                return reached;
            }
            Set<Session> subscribers = null;
            boolean merged = false;
            for (KeyPattern candidate : KeyPattern.candidatesFor(key)) {
                Set<Session> subscribed = byPattern.get(candidate);
                if (subscribed == null) {
                    continue;
                }
                if (subscribers == null) {
                    subscribers = subscribed;
                } else {
                    if (!merged) {
                        subscribers = new HashSet<>(subscribers);
                        merged = true;
                    }
                    subscribers.addAll(subscribed);
                }
            }
            if (subscribers != null) {
                for (Session session : subscribers) {
                    // A session connected to the key itself was reached above.
                    if (!connected || !session.ownKey().equals(key)) {
                        action.accept(session);
                        reached++;
                    }
                }
            }
            return reached;
        }

        private List<Session> sessions() {
            List<Session> sessions = new ArrayList<>();
            for (KeySessions set : byKey.values()) {
                set.addTo(sessions);
            }
            return sessions;
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
