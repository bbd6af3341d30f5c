package dev.vortex.server.realtime;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.ClientMessage;
import dev.vortex.server.realtime.protocol.ClientMessages;
import dev.vortex.server.realtime.protocol.ErrorCode;
import dev.vortex.server.realtime.protocol.ProtocolException;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.ClientSocket;
import dev.vortex.server.realtime.wire.Frame;
import dev.vortex.server.security.AuthenticationException;
import dev.vortex.server.security.FailureDelay;
import dev.vortex.server.security.Principal;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: the keys it follows, the version it last sent of each, heartbeat and inbound
 * rate state.
 *
 * <p>Threading: every method runs on the connection's own event loop ({@link #context()}); the broadcaster
 * hops there before calling {@link #deliver}. So the state needs no locks, and every frame of one key is
 * written in order.
 *
 * <p>Guarantees, per key: the first frame is a snapshot (or, on resume, a change from the version the
 * client holds); each change starts from the version last sent; nothing is sent when the content did not
 * change. Under backpressure (the socket's write queue is full) a session keeps at most one pending config
 * per key, counts what it skipped, and when the socket drains sends {@code lagged} and then one diff from
 * what the client holds to the newest config. Its memory is bounded by the number of keys it follows,
 * whatever the client does.
 */
final class Session implements ClientSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /**
     * The characters of all the patterns one connection holds: with {@link KeyPattern#MAX_PART_LENGTH} and the
     * pattern count limit, what a connection can make the server keep stays a few kilobytes.
     */
    static final int MAX_PATTERN_CHARACTERS = 8 * 1024;

    private final long id;
    private final ClientSocket socket;
    private final Context context;
    private final Shape shape;
    /** Replaced by an {@code auth} message with fresh credentials. */
    private Principal principal;

    private final SessionDependencies deps;
    /**
     * The client's address as a trusted proxy reported it on the upgrade, or {@code null} when the client is the
     * TCP peer: without trusted proxies, an idle connection carries one null reference and nothing else (it took
     * the 4 bytes of alignment padding the session had: still 80 bytes with compressed references, by JOL).
     */
    private final String forwardedClient;

    private final long openedAtMillis;
    private final FollowedKeys keys;
    /** Made on the first subscribe: most connections never send one. */
    private Set<KeyPattern> patterns = Set.of();

    /** This session's slot in its event loop's {@link KeySessions} of its own key; -1 when not registered. */
    int keySessionsSlot = -1;

    private boolean drainArmed;
    private boolean closing;
    /** A check of the principal under reloaded settings is under way. */
    private boolean reauthorizing;

    /** When the last ping was sent, or the connection opened (see {@link Heartbeat}). */
    private long lastPingAtMillis;
    /** Whether the last ping is unanswered. */
    private boolean awaitingPong;
    /** Made on the first text message: most connections never send one. */
    private InboundRateLimit rateLimit;

    Session(
            long id,
            ClientSocket socket,
            Context context,
            ConfigKey ownKey,
            Shape shape,
            Principal principal,
            SessionDependencies deps,
            String forwardedClient) {
        this.id = id;
        this.socket = socket;
        this.context = context;
        this.keys = new FollowedKeys(ownKey);
        this.shape = shape;
        this.principal = principal;
        this.deps = deps;
        this.forwardedClient = forwardedClient;
        this.openedAtMillis = deps.clock().millis();
        this.lastPingAtMillis = openedAtMillis;
    }

    long id() {
        return id;
    }

    Context context() {
        return context;
    }

    ConfigKey ownKey() {
        return keys.ownKey();
    }

    /**
     * Starts the session: registers it and sends the first frame of its own key, from {@code resolved} or a
     * newer config if one arrived meanwhile. Registering before reading the newest config means no change
     * can fall between the two.
     */
    void start(ResolvedConfig resolved, String lastVersion) {
        deps.registry().add(this);
        ResolvedConfig newest =
                ChangeFrames.towards(resolved, deps.history(), deps.frames()).target();
        answerResync(keys.ownKey(), keys.get(keys.ownKey()), newest, lastVersion);
        socket.listen(this);
        if (!deps.authorizer().isCurrent(principal)) {
            // Authenticated just before a settings reload whose sweep did not see this session yet.
            reauthorize();
        }
    }

    /** A config of a key changed; called on this session's event loop. */
    void deliver(ResolvedConfig delivered) {
        ChangeFrames change = ChangeFrames.towards(delivered, deps.history(), deps.frames());
        deliver(change);
        change.countWritten(deps.metrics());
    }

    /**
     * A config of a key changed; called on this session's event loop with the change as every session of the
     * loop sees it (the newest config and the frames, looked up once for all of them).
     */
    void deliver(ChangeFrames change) {
        if (closing) {
            return;
        }
        ResolvedConfig config = change.target();
        KeyState state = keys.get(config.key());
        if (state == null) {
            if (!followsByPattern(config.key())) {
                return;
            }
            // A key that became known after the pattern was subscribed: it starts with a snapshot.
            state = keys.add(config.key());
        }
        if (state.holds(config)) {
            // Back to what the client holds: a config still pending is now stale and must not be sent
            // when the socket drains (the client would end on a config the server no longer serves).
            state.pending = null;
            state.skipped = 0;
            return;
        }
        if (state.pending != null || socket.writeQueueFull()) {
            if (state.pending != null) {
                state.skipped++;
            }
            state.pending = config;
            armDrain();
            return;
        }
        sendLatest(state, change);
    }

    private void armDrain() {
        if (!drainArmed) {
            drainArmed = true;
            socket.whenWritable(() -> {
                drainArmed = false;
                flushPending();
            });
        }
    }

    private void flushPending() {
        keys.forEachWhile((key, state) -> {
            if (state.pending == null) {
                return true;
            }
            if (socket.writeQueueFull()) {
                armDrain();
                return false;
            }
            if (state.skipped > 0) {
                deps.metrics().lagged();
                write("lagged", deps.messages().lagged(key, state.skipped));
                state.skipped = 0;
            }
            ResolvedConfig target = state.pending;
            state.pending = null;
            sendLatestAlone(state, target);
            return true;
        });
    }

    /**
     * Sends whatever takes the client from what it holds of the change's key to the change's target. What was
     * written is counted by {@code change}; whoever made it adds the counts to the metrics.
     */
    private void sendLatest(KeyState state, ChangeFrames change) {
        Frame frame = change.from(state, shape);
        if (frame != Frame.NOTHING && socket.send(frame)) {
            change.written(frame, deps.metrics());
        }
        state.sent(change.target());
    }

    /** {@link #sendLatest} for this session alone, towards exactly {@code target}. */
    private void sendLatestAlone(KeyState state, ResolvedConfig target) {
        ChangeFrames change = ChangeFrames.to(target, deps.history(), deps.frames());
        sendLatest(state, change);
        change.countWritten(deps.metrics());
    }

    /** Answers a resume or {@code resync}: {@code in_sync}, a change from {@code lastVersion}, or a snapshot. */
    private void answerResync(ConfigKey key, KeyState state, ResolvedConfig target, String lastVersion) {
        if (lastVersion != null && lastVersion.equals(target.version())) {
            write("in_sync", deps.messages().inSync(key, target.version()));
            state.sent(target);
            state.pending = null;
            return;
        }
        state.sent(lastVersion != null && deps.history().find(key, lastVersion).isPresent() ? lastVersion : null);
        state.pending = null;
        sendLatestAlone(state, target);
    }

    @Override
    public void onBinary() {
        alive();
        sendError(ErrorCode.INVALID_MESSAGE, "binary messages are not part of the protocol; send JSON text");
    }

    @Override
    public void onHeartbeat() {
        alive();
    }

    @Override
    public void onText(String text) {
        alive();
        if (closing || !withinRateLimit()) {
            return;
        }
        if (text.length() > deps.settings().maxFrameBytes()
                || text.getBytes(StandardCharsets.UTF_8).length
                        > deps.settings().maxFrameBytes()) {
            sendError(
                    ErrorCode.MESSAGE_TOO_LARGE,
                    "messages are limited to " + deps.settings().maxFrameBytes() + " bytes");
            close((short) 1009, "message too large");
            return;
        }
        try {
            handle(ClientMessages.parse(text));
        } catch (ProtocolException e) {
            sendError(e.code(), e.getMessage());
        }
    }

    private void handle(ClientMessage message) {
        // A pong needs nothing more: every inbound frame already counted as alive.
        if (message instanceof ClientMessage.Ping) {
            write("pong", deps.messages().pong());
        } else if (message instanceof ClientMessage.Subscribe subscribe) {
            subscribe(subscribe.patterns());
        } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
            unsubscribe(unsubscribe.patterns());
        } else if (message instanceof ClientMessage.Resync resync) {
            resync(resync);
        } else if (message instanceof ClientMessage.Auth && !deps.authorizer().usesCredentials()) {
            sendError(ErrorCode.INVALID_MESSAGE, "this server does not use credentials; 'auth' is not needed");
        } else if (message instanceof ClientMessage.Auth auth) {
            // Later messages wait for the answer, however long it takes (a token verified on a worker thread, a
            // refusal held back): each is handled with the credentials the messages before it left.
            HeldMessages.until(
                    deps.authorizer()
                            .authenticateToken(auth.token(), clientAddress())
                            .transform(this::reauthenticated),
                    socket,
                    this,
                    deps.settings().maxFrameBytes(),
                    () -> closeFlooded("more than " + HeldMessages.MAX_MESSAGES
                            + " messages while the answer to 'auth' was held; closing"));
        }
    }

    private void subscribe(List<KeyPattern> requested) {
        // Counted here rather than kept in a field: subscribing is rare, and an idle session is 8 bytes smaller.
        int patternCharacters = 0;
        for (KeyPattern pattern : patterns) {
            patternCharacters += pattern.toString().length();
        }
        List<KeyPattern> accepted = new ArrayList<>();
        List<KeyPattern> added = new ArrayList<>();
        for (KeyPattern pattern : requested) {
            if (!deps.authorizer().mayRead(principal, pattern)) {
                sendError(ErrorCode.FORBIDDEN, "not allowed to read '" + pattern + "'");
            } else if (patterns.contains(pattern)) {
                // Already subscribed: acknowledged again, nothing resent.
                accepted.add(pattern);
            } else if (patterns.size() >= deps.settings().maxPatternsPerConnection()) {
                sendError(
                        ErrorCode.INVALID_PATTERN,
                        "at most " + deps.settings().maxPatternsPerConnection() + " patterns per connection; '"
                                + pattern + "' was not added");
            } else if (patternCharacters + pattern.toString().length() > MAX_PATTERN_CHARACTERS) {
                sendError(
                        ErrorCode.INVALID_PATTERN,
                        "the patterns of one connection may have at most " + MAX_PATTERN_CHARACTERS
                                + " characters in all; '" + ClientMessages.abbreviate(pattern.toString())
                                + "' was not added");
            } else {
                if (patterns.isEmpty()) {
                    patterns = new HashSet<>(4);
                }
                patterns.add(pattern);
                patternCharacters += pattern.toString().length();
                deps.registry().addPattern(pattern, this);
                accepted.add(pattern);
                added.add(pattern);
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        // Every accepted pattern is acknowledged, so a client waiting for "subscribed" is never left waiting.
        write("subscribed", deps.messages().subscribed(accepted));
        deliverKnownKeys(added);
    }

    /** Sends a snapshot of every known key that {@code matching} brings and this session does not follow yet. */
    private void deliverKnownKeys(java.util.Collection<KeyPattern> matching) {
        if (matching.isEmpty()) {
            return;
        }
        for (ConfigKey key : deps.patternKeys().all()) {
            if (keys.get(key) == null
                    && matching.stream().anyMatch(pattern -> pattern.matches(key))
                    && deps.authorizer().mayRead(principal, key)) {
                deps.history().current(key).ifPresent(this::deliver);
                // A key no one followed until now was not recorded (or its history stopped at its last
                // follower): the cache's config reaches this session as a change once recorded.
                deps.changes().catchUp(key);
            }
        }
    }

    /** What a check of the principal under reloaded settings did to this session. */
    enum Reauthorization {
        /** Nothing changed for it, or its grants widened. */
        KEPT,
        /** Patterns or keys it may no longer read were dropped; the client was told. */
        NARROWED,
        /** Its credentials are no longer accepted, or it may no longer read its own key: closed (1008). */
        CLOSED
    }

    /**
     * Checks the principal again under the settings in force (after a reload): closes the connection with
     * {@code FORBIDDEN} and 1008 when its credentials are no longer accepted or its own key is no longer
     * readable; otherwise takes the new grants, dropping (with a {@code FORBIDDEN} each) the patterns and
     * pattern-brought keys they no longer cover, and sending the keys they now cover. Called on this session's
     * event loop; the check itself may complete elsewhere (a token verified on a worker thread), the
     * outcome is applied back here.
     */
    io.vertx.core.Future<Reauthorization> reauthorize() {
        if (closing || reauthorizing) {
            return io.vertx.core.Future.succeededFuture(Reauthorization.KEPT);
        }
        reauthorizing = true;
        io.vertx.core.Promise<Reauthorization> outcome = io.vertx.core.Promise.promise();
        deps.authorizer().reauthenticate(principal).onComplete(result -> {
            if (io.vertx.core.Vertx.currentContext() == context) {
                outcome.complete(reauthorized(result));
            } else {
                context.runOnContext(ignored -> outcome.complete(reauthorized(result)));
            }
        });
        return outcome.future();
    }

    private Reauthorization reauthorized(io.vertx.core.AsyncResult<Principal> result) {
        reauthorizing = false;
        if (closing) {
            return Reauthorization.KEPT;
        }
        if (result.failed()) {
            sendError(
                    ErrorCode.FORBIDDEN,
                    "the credentials of '" + principal.name() + "' are no longer accepted (settings reloaded): "
                            + result.cause().getMessage());
            close((short) 1008, "credentials revoked");
            return Reauthorization.CLOSED;
        }
        Principal fresh = result.result();
        if (!deps.authorizer().mayRead(fresh, keys.ownKey())) {
            sendError(
                    ErrorCode.FORBIDDEN,
                    "'" + fresh.name() + "' may no longer read " + keys.ownKey() + " (settings reloaded)");
            close((short) 1008, "key no longer readable");
            return Reauthorization.CLOSED;
        }
        boolean sameGrants = fresh.grants().equals(principal.grants());
        principal = fresh;
        if (sameGrants) {
            // Most connections after most reloads: nothing to drop or bring.
            return Reauthorization.KEPT;
        }
        List<KeyPattern> dropped = new ArrayList<>(0);
        for (KeyPattern pattern : List.copyOf(patterns)) {
            if (!deps.authorizer().mayRead(fresh, pattern)) {
                patterns.remove(pattern);
                deps.registry().removePattern(pattern, this);
                dropped.add(pattern);
                sendError(
                        ErrorCode.FORBIDDEN,
                        "not allowed to read '" + pattern + "' any more (settings reloaded); unsubscribed");
            }
        }
        if (!dropped.isEmpty()) {
            write("unsubscribed", deps.messages().unsubscribed(dropped));
        }
        List<ConfigKey> lost = keys.retainOthers(this::followsByPattern);
        for (ConfigKey key : lost) {
            sendError(
                    ErrorCode.FORBIDDEN,
                    "'" + fresh.name() + "' may no longer read " + key
                            + "; it is no longer pushed (settings reloaded)");
        }
        // Widened grants: keys the remaining patterns now cover are sent as a subscription would send them.
        deliverKnownKeys(patterns);
        return dropped.isEmpty() && lost.isEmpty() ? Reauthorization.KEPT : Reauthorization.NARROWED;
    }

    /**
     * The answer to an {@code auth} message, on this session's loop (at once, or after a worker thread verified
     * the token: {@link HeldMessages} keeps later messages waiting meanwhile). Fresh credentials replace the old
     * ones, with their own expiry and grants: keys they may no longer read stop being followed. Refused ones
     * leave the connection as it was, to close when the old ones expire.
     *
     * @return completes once the answer is sent: at once, or after the failure delay of a refused token
     */
    private Future<Void> reauthenticated(AsyncResult<Principal> result) {
        if (closing) {
            return Future.succeededFuture();
        }
        if (result.failed()) {
            return refuseToken(result.cause());
        }
        Principal fresh = result.result();
        if (!deps.authorizer().mayRead(fresh, keys.ownKey())) {
            // Valid credentials without the right: not a failed attempt, answered at once (as HTTP's 403).
            sendError(ErrorCode.FORBIDDEN, "auth refused: '" + fresh.name() + "' may not read " + keys.ownKey());
            return Future.succeededFuture();
        }
        principal = fresh;
        keys.retainOthers(this::followsByPattern);
        return Future.succeededFuture();
    }

    /**
     * Answers a refused token: at once, or, once the client's address has failed often, after its failure delay
     * ({@code security.failure-delay}, counted with the address's failed HTTP requests), on a timer.
     */
    private Future<Void> refuseToken(Throwable failure) {
        String answer = "auth refused: " + failure.getMessage();
        Duration hold = failure instanceof AuthenticationException refusal && !refusal.missing()
                ? deps.authorizer().failedFrom(clientAddress())
                : Duration.ZERO;
        if (hold.isZero()) {
            sendError(ErrorCode.FORBIDDEN, answer);
            return Future.succeededFuture();
        }
        Promise<Void> answered = Promise.promise();
        context.owner().setTimer(Math.max(1, hold.toMillis()), timer -> {
            if (!closing) {
                sendError(ErrorCode.FORBIDDEN, answer);
            }
            answered.complete();
        });
        return answered.future();
    }

    private void unsubscribe(List<KeyPattern> requested) {
        List<KeyPattern> removed = new ArrayList<>();
        for (KeyPattern pattern : requested) {
            if (!patterns.isEmpty() && patterns.remove(pattern)) {
                removed.add(pattern);
                deps.registry().removePattern(pattern, this);
            }
        }
        keys.retainOthers(this::followsByPattern);
        write("unsubscribed", deps.messages().unsubscribed(removed));
    }

    private void resync(ClientMessage.Resync resync) {
        ConfigKey key = resync.application() == null
                ? keys.ownKey()
                : deps.cache().key(resync.application(), resync.profiles(), resync.label());
        Optional<ResolvedConfig> current = followedConfig(key);
        if (current.isEmpty()) {
            return;
        }
        String lastVersion = resync.lastVersion();
        if (!deps.remoteVersions().unknown(key, lastVersion, current.get().version())) {
            answerResync(key, keys.get(key), current.get(), lastVersion);
            return;
        }
        // A version this instance never served: another may have (the client came from there), and shared it
        // through the backplane. The answer waits for the look-up, without holding up the loop.
        deps.remoteVersions()
                .learn(key, lastVersion)
                .onComplete(ignored -> context.runOnContext(again -> {
                    if (closing) {
                        return;
                    }
                    // Looked up again: the key may have changed, or stopped being followed, meanwhile.
                    KeyState state = keys.get(key);
                    Optional<ResolvedConfig> newest = deps.history().current(key);
                    if (state != null && newest.isPresent()) {
                        answerResync(key, state, newest.get(), lastVersion);
                    }
                }));
    }

    /** The newest config of {@code key}, if this connection follows it and one is known; else says why not. */
    private Optional<ResolvedConfig> followedConfig(ConfigKey key) {
        if (keys.get(key) == null) {
            sendError(ErrorCode.NOT_FOUND, "this connection does not follow " + key);
            return Optional.empty();
        }
        Optional<ResolvedConfig> current = deps.history().current(key);
        if (current.isEmpty()) {
            sendError(ErrorCode.NOT_FOUND, "no config known for " + key);
        }
        return current;
    }

    private boolean followsByPattern(ConfigKey key) {
        for (KeyPattern pattern : patterns) {
            if (pattern.matches(key)) {
                return deps.authorizer().mayRead(principal, key);
            }
        }
        return false;
    }

    private boolean withinRateLimit() {
        if (rateLimit == null) {
            // Windows count from the opening, as if the limiter had been there all along.
            rateLimit = new InboundRateLimit(deps.settings().maxMessagesPerSecond(), openedAtMillis);
        }
        return switch (rateLimit.admit(deps.clock().millis())) {
            case ALLOWED -> true;
            case DROPPED -> false;
            case FIRST_DROPPED -> {
                sendError(
                        ErrorCode.RATE_LIMITED,
                        "more than " + deps.settings().maxMessagesPerSecond()
                                + " messages in a second; the rest of this second is dropped");
                yield false;
            }
            case FLOOD -> {
                closeFlooded("sustained flood; closing");
                yield false;
            }
        };
    }

    /** Tells the client why ({@code RATE_LIMITED}) and closes (1008). */
    private void closeFlooded(String message) {
        sendError(ErrorCode.RATE_LIMITED, message);
        close((short) 1008, "rate limit exceeded");
    }

    /** The client sent a frame: it answers the last ping, if one is awaited. */
    private void alive() {
        if (awaitingPong) {
            awaitingPong = false;
            deps.metrics().pingRoundTrip(deps.clock().millis() - lastPingAtMillis);
        }
    }

    /**
     * Called by each heartbeat sweep of this session's event loop: closes connections whose credentials expired
     * (1008, after {@code TOKEN_EXPIRED}), sends pings (the sweep's, shared with every session it pings), closes
     * silent connections.
     */
    void heartbeat(HeartbeatSweep sweep) {
        if (closing) {
            return;
        }
        if (!reauthorizing && !deps.authorizer().isCurrent(principal)) {
            // A settings reload this session's sweep missed (it started meanwhile): checked here at the latest.
            reauthorize();
        }
        long nowMillis = sweep.nowMillis();
        if (nowMillis >= principal.expiresAtMillis()) {
            sendError(
                    ErrorCode.TOKEN_EXPIRED,
                    "the credentials of '" + principal.name() + "' expired; reconnect, or send 'auth' with a fresh"
                            + " token before they expire");
            close((short) 1008, "token expired");
            return;
        }
        switch (Heartbeat.due(
                nowMillis,
                lastPingAtMillis,
                awaitingPong,
                deps.settings().pingInterval(),
                deps.settings().pongTimeout())) {
            case PING -> {
                lastPingAtMillis = nowMillis;
                awaitingPong = true;
                if (socket.ping(sweep.pings())) {
                    sweep.pinged();
                }
            }
            case TIMED_OUT -> close((short) 1001, "heartbeat timeout");
            case NONE -> {}
        }
    }

    /** Tells the client to come back later, then closes (1001). */
    io.vertx.core.Future<Void> closeForShutdown() {
        if (closing) {
            return io.vertx.core.Future.succeededFuture();
        }
        long reconnectAfter = ThreadLocalRandom.current()
                .nextLong(deps.settings().maxReconnectDelay().toMillis() + 1);
        write("connection_closing", deps.messages().connectionClosing("shutdown", reconnectAfter));
        return close((short) 1001, "server shutting down");
    }

    private io.vertx.core.Future<Void> close(short code, String reason) {
        closing = true;
        return socket.close(code, reason);
    }

    private void sendError(ErrorCode code, String message) {
        deps.metrics().error(code);
        write("error", deps.messages().error(code, message));
    }

    private void write(String type, byte[] bytes) {
        write(Frame.single(type, bytes));
    }

    private void write(Frame frame) {
        if (socket.send(frame)) {
            deps.metrics().sent(frame.type());
        }
    }

    @Override
    public void onClosed() {
        closing = true;
        deps.registry().remove(this, patterns);
        deps.metrics().closed();
        ConnectionLog.info(
                LOG,
                "ws close",
                kv("id", id),
                kv("key", keys.ownKey().toString()),
                remoteField(),
                kv("durationMs", deps.clock().millis() - openedAtMillis),
                kv("code", socket.closeStatusCode()),
                kv("reason", socket.closeReason()),
                proxyField());
    }

    /** The address the client's failures are counted under: the one a trusted proxy reported, or the peer's. */
    private String clientAddress() {
        return forwardedClient != null ? forwardedClient : FailureDelay.address(socket.remoteAddress());
    }

    /**
     * The log field naming the client: {@code remote}, the address a trusted proxy reported, or else the TCP peer
     * with its port as before.
     */
    Object remoteField() {
        return kv("remote", forwardedClient != null ? forwardedClient : String.valueOf(socket.remoteAddress()));
    }

    /** The log field naming the trusted proxy the client came through ({@code proxy}); {@code null} when none. */
    Object proxyField() {
        return forwardedClient == null ? null : kv("proxy", String.valueOf(socket.remoteAddress()));
    }
}
