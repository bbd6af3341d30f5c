package dev.vortex.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state machine behind a {@link VortexClient}: connections, versions, resync, reconnection.
 *
 * <p>Threading: every state change happens under {@code lock}: messages (from the current
 * {@link WebSocketConnection}'s reader, which the JDK calls one message at a time), connection outcomes,
 * timers (on the scheduler) and the public methods. The work under the lock is small (parse, patch,
 * bookkeeping); listeners are only handed configs ({@link ListenerSlot#offer}) and run on their executor.
 * Callbacks of a connection that is no longer the current one are ignored, so a late message of a dropped
 * socket can never touch the state.
 *
 * <p>Ordering: per key, configs reach listeners in the order the server sent them (each checked against
 * the version held); a diff whose {@code old_version} is not the version held is never applied, a
 * {@code resync} is sent instead.
 */
final class ClientEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);
    private static final String SUBPROTOCOL = "vortex.v1";
    /** A renewed token is asked for when this share of its remaining lifetime has passed. */
    private static final double TOKEN_REFRESH_AT = 0.8;
    /** The shortest wait between two token refreshes (a supplier that keeps giving the same token). */
    private static final long MIN_TOKEN_REFRESH_MILLIS = 250;
    /** WebSocket close code "policy violation": the server no longer accepts the credentials or the key. */
    static final int POLICY_VIOLATION = 1008;

    private final ClientSettings settings;
    private final Executor listenerExecutor;
    private final ScheduledExecutorService scheduler;
    private final List<Runnable> onClose;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<ConfigKey, KeyState> keys = new HashMap<>();
    private final Subscriptions subscriptions = new Subscriptions();
    private final Set<ConfigKey> resyncing = new LinkedHashSet<>();
    // Written under lock, read without it.
    private volatile ConfigKey ownKey;
    private WebSocketConnection current;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> heartbeatTask;
    private ScheduledFuture<?> tokenTask;
    // The bearer token the current connection presented (or last sent with auth); never logged.
    private String presentedToken;
    private int failedAttempts;
    // Set when a 1008 close is followed by one reconnection with a fresh token: why the last one was closed.
    private String policyRetry;
    private long reconnectAfterMillis = -1;
    private boolean started;
    private boolean closed;
    private boolean cacheFallbackAnnounced;
    private ConfigSnapshot cached;

    private final Map<ConfigKey, VortexConfig> configs = new ConcurrentHashMap<>();
    private final CompletableFuture<VortexConfig> firstConfig = new CompletableFuture<>();
    private final List<ListenerSlot> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();
    private final AtomicReference<VortexConfig> pendingCacheWrite = new AtomicReference<>();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile VortexClientException failure;

    private record KeyState(JsonNode tree, ConfigSnapshot config) {
        String version() {
            return config.version();
        }
    }

    ClientEngine(
            ClientSettings settings,
            Executor listenerExecutor,
            ScheduledExecutorService scheduler,
            List<Runnable> onClose) {
        this.settings = settings;
        this.listenerExecutor = listenerExecutor;
        this.scheduler = scheduler;
        this.onClose = onClose;
        this.ownKey = settings.key();
    }

    ClientSettings settings() {
        return settings;
    }

    ConnectionState state() {
        return state;
    }

    Optional<VortexClientException> failure() {
        return Optional.ofNullable(failure);
    }

    ConfigKey ownKey() {
        return ownKey;
    }

    Optional<VortexConfig> ownConfig() {
        return Optional.ofNullable(configs.get(ownKey()));
    }

    Map<ConfigKey, VortexConfig> configs() {
        return configs;
    }

    // ---- public operations ----------------------------------------------------------------------------

    CompletableFuture<VortexConfig> start() {
        synchronized (lock) {
            if (started || closed) {
                // A copy: callers completing their future must not complete the client's.
                return firstConfig.copy();
            }
            started = true;
            if (settings.cacheFile() != null) {
                cached = settings.cacheFile().read(ownKey).orElse(null);
                if (cached != null) {
                    // Resume from the cached version: the server answers in_sync or a diff when it knows it.
                    ownKey = cached.key();
                    keys.put(ownKey, new KeyState(ConfigTrees.JSON.valueToTree(cached.nested()), cached));
                }
            }
            connect();
        }
        return firstConfig.copy();
    }

    ListenerRegistration addListener(ConfigListener listener) {
        synchronized (lock) {
            ListenerSlot[] slot = new ListenerSlot[1];
            slot[0] = new ListenerSlot(listener, listenerExecutor, configs, () -> listeners.remove(slot[0]));
            listeners.add(slot[0]);
            return slot[0];
        }
    }

    ListenerRegistration addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
        return () -> connectionListeners.remove(listener);
    }

    CompletableFuture<Void> subscribe(String pattern) {
        synchronized (lock) {
            if (closed || state == ConnectionState.FAILED) {
                return CompletableFuture.failedFuture(new IllegalStateException("the client is " + state));
            }
            CompletableFuture<Void> acknowledged = subscriptions.add(pattern);
            if (current != null && current.isOpen()) {
                current.send(Subscriptions.message("subscribe", List.of(pattern)));
            }
            return acknowledged;
        }
    }

    CompletableFuture<Void> unsubscribe(String pattern) {
        synchronized (lock) {
            if (!subscriptions.remove(pattern)) {
                return CompletableFuture.completedFuture(null);
            }
            dropKeysNoLongerFollowed();
            if (current == null || !current.isOpen()) {
                // Not connected: the next connection simply does not subscribe to it.
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> acknowledged = subscriptions.awaitUnsubscribed(pattern);
            current.send(Subscriptions.message("unsubscribe", List.of(pattern)));
            return acknowledged;
        }
    }

    void close() {
        WebSocketConnection connection;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            connection = current;
            current = null;
            cancelTimers();
            setState(ConnectionState.CLOSED);
            IllegalStateException closedException = new IllegalStateException("the client was closed");
            firstConfig.completeExceptionally(closedException);
            subscriptions.failWaiting(closedException);
        }
        if (connection != null) {
            connection.close();
        }
        onClose.forEach(Runnable::run);
    }

    // ---- connecting -------------------------------------------------------------------------------------

    /** Opens a new connection. Under lock. */
    private void connect() {
        if (closed) {
            return;
        }
        reconnectTask = null;
        setState(ConnectionState.CONNECTING);
        KeyState own = keys.get(ownKey);
        URI uri = settings.webSocketUri(ownKey, own == null ? null : own.version());
        WebSocketConnection connection = new WebSocketConnection(this, settings.clock());
        current = connection;
        resyncing.clear();
        Map<String, String> headers = new HashMap<>(settings.headers());
        String secret;
        try {
            // A renewed token is asked for at each connection: a reconnection never presents a stale one.
            secret = settings.credentials().secret();
        } catch (IllegalStateException e) {
            lost(connection, e.getMessage());
            return;
        } catch (VortexClientException e) {
            // The supplier says no token can be had (a token file that is missing): as final as a 401.
            fail(new VortexClientException(
                    "no credentials for " + ownKey + " at " + settings.url() + ": " + e.getMessage()
                            + (policyRetry == null ? "" : " (after the server " + policyRetry + ")")
                            + "; not retrying",
                    -1,
                    e));
            return;
        }
        presentedToken = settings.credentials().bearer() ? secret : null;
        headers.putAll(settings.credentials().headers(secret));
        LOG.debug("connecting to {}", uri);
        CompletableFuture<java.net.http.WebSocket> opening;
        try {
            java.net.http.WebSocket.Builder builder =
                    settings.httpClient().newWebSocketBuilder().connectTimeout(settings.connectTimeout());
            builder.subprotocols(SUBPROTOCOL);
            headers.forEach(builder::header);
            opening = builder.buildAsync(uri, connection);
        } catch (IllegalArgumentException e) {
            // A setting the JDK refuses (a header it reserves, say): no attempt can ever succeed.
            fail(new VortexClientException("cannot open a WebSocket to " + uri + ": " + e.getMessage(), -1, e));
            return;
        }
        opening.whenComplete((socket, failure) -> {
            if (failure != null) {
                connectFailed(connection, uri, failure);
            }
        });
    }

    /** The client gives up for good. Under lock. */
    private void fail(VortexClientException exception) {
        current = null;
        cancelTimers();
        failure = exception;
        LOG.error(exception.getMessage());
        setState(ConnectionState.FAILED);
        firstConfig.completeExceptionally(exception);
    }

    /** The JDK opened the socket; called by {@link WebSocketConnection#onOpen}. */
    void opened(WebSocketConnection connection) {
        synchronized (lock) {
            if (connection != current) {
                connection.abort();
                return;
            }
            subscriptions.subscribeAll().forEach(connection::send);
            scheduleHeartbeatCheck(connection, settings.heartbeatTimeout().toMillis());
            scheduleTokenRefresh(connection);
        }
    }

    /**
     * With renewed credentials and a JWT whose {@code exp} is readable: plans to ask for a fresh token once
     * {@link #TOKEN_REFRESH_AT} of its remaining lifetime has passed (48 minutes into a one-hour token), so
     * the fresh one reaches the server well before the old one expires. Under lock.
     */
    private void scheduleTokenRefresh(WebSocketConnection connection) {
        if (!settings.credentials().renewable() || presentedToken == null) {
            return;
        }
        java.util.OptionalLong expiresAt = JwtExpiry.of(presentedToken);
        if (expiresAt.isEmpty()) {
            return;
        }
        long remaining = expiresAt.getAsLong() - settings.clock().millis();
        if (remaining <= 0) {
            // Already expired: the server closes with TOKEN_EXPIRED, and the reconnection asks for a new one.
            return;
        }
        long delay = Math.max(MIN_TOKEN_REFRESH_MILLIS, (long) (remaining * TOKEN_REFRESH_AT));
        tokenTask = schedule(() -> refreshToken(connection), delay);
    }

    /**
     * Asks the supplier for a fresh token (outside the lock: it is application code) and sends it to the open
     * connection in an {@code auth} message. The server answers nothing when it accepts the token, and
     * {@code error} {@code FORBIDDEN} "auth refused" when it does not (the connection then ends at the old
     * token's expiry).
     */
    private void refreshToken(WebSocketConnection connection) {
        synchronized (lock) {
            if (connection != current || closed) {
                return;
            }
        }
        String token;
        try {
            token = settings.credentials().secret();
        } catch (IllegalStateException | VortexClientException e) {
            LOG.warn("{}; asking again before the token in use expires", e.getMessage());
            token = null;
        }
        synchronized (lock) {
            if (connection != current || closed) {
                return;
            }
            if (token != null && !token.equals(presentedToken)) {
                presentedToken = token;
                connection.send(ConfigTrees.JSON
                        .createObjectNode()
                        .put("type", "auth")
                        .put("token", token)
                        .toString());
                LOG.debug("sent a fresh token to {}", settings.url());
            }
            scheduleTokenRefresh(connection);
        }
    }

    private void connectFailed(WebSocketConnection connection, URI uri, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            if (status == 401 || status == 403 || status == 404) {
                refused(connection, uri, status, cause);
                return;
            }
            lost(connection, "upgrade refused with HTTP " + status);
            return;
        }
        lost(connection, "cannot connect to " + uri + ": " + cause);
    }

    private void refused(WebSocketConnection connection, URI uri, int status, Throwable cause) {
        synchronized (lock) {
            if (connection != current || closed) {
                return;
            }
            String reason =
                    switch (status) {
                        case 401 -> "missing or bad credentials; sent " + settings.credentials();
                        case 403 -> "not allowed to read the key; sent " + settings.credentials();
                        default -> "unknown key or label";
                    };
            String after = policyRetry == null
                    ? ""
                    : " on the reconnection with a fresh token after the server " + policyRetry;
            fail(new VortexClientException(
                    "the server refused " + ownKey + " at " + uri + " with HTTP " + status + " (" + reason + ")" + after
                            + "; not retrying",
                    status,
                    cause));
        }
    }

    /**
     * The server closed {@code connection}. A close with 1008 (policy violation) says the credentials are no
     * longer accepted (revoked by a settings reload, expired) or the key may no longer be read: the same
     * credentials would be refused, so the client stops, as on a 401 or 403. A token supplier may hold fresh
     * credentials, though: then one reconnection with what it gives now (refused again, it is final). A 1008
     * after {@code RATE_LIMITED} is about this client's message rate, not its credentials: an ordinary loss.
     */
    void closedByServer(WebSocketConnection connection, int status, String reason) {
        String closing = "closed by the server (" + status + (reason.isEmpty() ? "" : " " + reason) + ")";
        synchronized (lock) {
            if (connection != current || closed) {
                return;
            }
            if (status == POLICY_VIOLATION && !"RATE_LIMITED".equals(connection.lastErrorCode())) {
                policyViolation(connection, status, reason);
                return;
            }
        }
        lost(connection, closing);
    }

    /** Under lock. */
    private void policyViolation(WebSocketConnection connection, int status, String reason) {
        String why = "closed the connection with " + status + " (policy violation"
                + (reason.isEmpty() ? "" : ": " + reason) + ")"
                + (connection.lastError() == null ? "" : " after error " + connection.lastError());
        if (settings.credentials().renewable() && policyRetry == null) {
            policyRetry = why;
            reconnectAfterMillis = 0;
            LOG.warn("server {} {}; reconnecting once with what the token supplier gives now", settings.url(), why);
            lost(connection, why);
            return;
        }
        String verdict = policyRetry == null
                ? "the same " + settings.credentials() + " would be refused"
                : "so it did on the reconnection with a fresh token from the supplier (before: " + policyRetry + ")";
        fail(new VortexClientException(
                "the server " + settings.url() + " " + why + " on the connection of " + ownKey + "; " + verdict
                        + "; not retrying",
                -1,
                status,
                null));
    }

    /**
     * A connection ended (closed, failed, silent, or could not be opened): plan the next one. Only the
     * current connection counts; the first call for it wins.
     */
    void lost(WebSocketConnection connection, String reason) {
        synchronized (lock) {
            if (connection != current || closed) {
                return;
            }
            current = null;
            cancelTimers();
            boolean everSynced = firstConfig.isDone();
            if (!everSynced) {
                if (cached != null) {
                    fallBackToCache(reason);
                } else {
                    fail(new VortexClientException(
                            "no config for " + ownKey + " from " + settings.url() + " (" + reason
                                    + ") and no cache file to fall back on",
                            -1,
                            null));
                    return;
                }
            }
            setState(ConnectionState.DISCONNECTED);
            long delay = reconnectAfterMillis >= 0
                    ? reconnectAfterMillis
                    : settings.backoff().delay(failedAttempts).toMillis();
            reconnectAfterMillis = -1;
            // The first failure is news; the attempts after it (while the server stays away) are not.
            if (failedAttempts == 0) {
                LOG.info("connection to {} lost ({}); reconnecting in {} ms", settings.url(), reason, delay);
            } else {
                LOG.debug("attempt {} failed ({}); next in {} ms", failedAttempts, reason, delay);
            }
            failedAttempts++;
            reconnectTask = schedule(
                    () -> {
                        synchronized (lock) {
                            connect();
                        }
                    },
                    delay);
        }
    }

    /** The server is unreachable at start but a cached config exists: serve it, say so once. Under lock. */
    private void fallBackToCache(String reason) {
        configs.put(ownKey, cached);
        if (!cacheFallbackAnnounced) {
            cacheFallbackAnnounced = true;
            LOG.warn(
                    "Vortex server {} unreachable ({}); starting {} from the cache file {} (version {}),"
                            + " reconnecting in the background",
                    settings.url(),
                    reason,
                    ownKey,
                    settings.cacheFile().path(),
                    cached.version());
        }
        listeners.forEach(listener -> listener.offer(cached, true));
        firstConfig.complete(cached);
    }

    private void scheduleHeartbeatCheck(WebSocketConnection connection, long delayMillis) {
        heartbeatTask = schedule(() -> checkHeartbeat(connection), delayMillis);
    }

    private void checkHeartbeat(WebSocketConnection connection) {
        synchronized (lock) {
            if (connection != current) {
                return;
            }
            long timeout = settings.heartbeatTimeout().toMillis();
            long silent = settings.clock().millis() - connection.lastFrameMillis();
            if (silent < timeout) {
                scheduleHeartbeatCheck(connection, timeout - silent);
                return;
            }
        }
        LOG.warn("no frame from {} for {}; dropping the connection", settings.url(), settings.heartbeatTimeout());
        connection.abort();
        lost(connection, "heartbeat lost");
    }

    // ---- messages ---------------------------------------------------------------------------------------

    /** One complete text message of {@code connection}. */
    void onMessage(WebSocketConnection connection, String text) {
        if (settings.rawMessageListener() != null) {
            try {
                settings.rawMessageListener().accept(text);
            } catch (RuntimeException e) {
                LOG.warn("raw message listener failed", e);
            }
        }
        JsonNode message;
        try {
            message = ConfigTrees.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            logOnce("malformed", "ignored a malformed message from the server: {}", abbreviate(text));
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            logOnce("untyped", "ignored a message without a type from the server: {}", abbreviate(text));
            return;
        }
        synchronized (lock) {
            if (connection != current) {
                return;
            }
            try {
                handle(connection, message);
            } catch (IllegalArgumentException e) {
                logOnce(
                        "invalid " + message.path("type").asText(),
                        "ignored an invalid message from the server ({}): {}",
                        e.getMessage(),
                        abbreviate(text));
            }
        }
    }

    /** A binary message: not part of the protocol. */
    void onBinary() {
        logOnce("binary", "ignored a binary message from the server");
    }

    /** Under lock. */
    private void handle(WebSocketConnection connection, JsonNode message) {
        String type = message.get("type").asText();
        switch (type) {
            case "config_snapshot" -> {
                ConfigKey key = key(connection, message);
                apply(connection, key, message.get("config"), text(message, "version"), true);
            }
            case "config_change" -> change(connection, key(connection, message), message);
            case "in_sync" -> inSync(connection, key(connection, message), text(message, "version"));
            case "subscribed" -> subscriptions.acknowledged(message, true);
            case "unsubscribed" -> subscriptions.acknowledged(message, false);
            case "lagged" ->
                LOG.debug(
                        "server skipped {} versions of {} (slow client)",
                        message.path("skipped").asInt(),
                        key(connection, message));
            case "ping" -> connection.send("{\"type\":\"pong\"}");
            case "pong" -> {}
            case "error" -> error(connection, message);
            case "connection_closing" -> {
                reconnectAfterMillis =
                        Math.max(0, message.path("reconnect_after_ms").asLong(0));
                LOG.info(
                        "server {} is closing the connection ({}); reconnecting in {} ms",
                        settings.url(),
                        message.path("reason").asText("no reason"),
                        reconnectAfterMillis);
            }
            default -> logOnce("type " + type, "ignored a message of unknown type '{}'", type);
        }
    }

    private void change(WebSocketConnection connection, ConfigKey key, JsonNode message) {
        String oldVersion = text(message, "old_version");
        String newVersion = text(message, "new_version");
        KeyState held = keys.get(key);
        if (held == null || !held.version().equals(oldVersion)) {
            LOG.info(
                    "change of {} from {} but this client holds {}; resyncing",
                    key,
                    oldVersion,
                    held == null ? "nothing" : held.version());
            resync(connection, key, held);
            return;
        }
        JsonNode patched;
        try {
            patched = JsonPatches.apply(message.get("diff"), held.tree());
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot apply the change of {} to {} ({}); resyncing", key, newVersion, e.getMessage());
            resync(connection, key, held);
            return;
        }
        apply(connection, key, patched, newVersion, false);
    }

    private void inSync(WebSocketConnection connection, ConfigKey key, String version) {
        KeyState held = keys.get(key);
        if (held == null || !held.version().equals(version)) {
            resync(connection, key, held);
            return;
        }
        resyncing.remove(key);
        confirm(key, held);
        if (key.equals(ownKey)) {
            ownKeyInSync(connection);
        }
    }

    /** A key's config is {@code tree} at {@code version}: keep it and tell listeners. Under lock. */
    private void apply(WebSocketConnection connection, ConfigKey key, JsonNode tree, String version, boolean whole) {
        resyncing.remove(key);
        KeyState held = keys.get(key);
        if (held != null && held.version().equals(version)) {
            confirm(key, held);
        } else {
            ConfigSnapshot config = ConfigSnapshot.of(key, version, tree, settings.shape(), false);
            keys.put(key, new KeyState(tree, config));
            configs.put(key, config);
            listeners.forEach(listener -> listener.offer(config, whole));
            if (key.equals(ownKey)) {
                writeCacheSoon(config);
            }
        }
        if (key.equals(ownKey)) {
            ownKeyInSync(connection);
        }
    }

    /** A config the client held from the cache is what the server serves. */
    private void confirm(ConfigKey key, KeyState held) {
        if (held.config().fromCache()) {
            ConfigSnapshot confirmed = held.config().confirmed();
            keys.put(key, new KeyState(held.tree(), confirmed));
            configs.put(key, confirmed);
        }
    }

    private void ownKeyInSync(WebSocketConnection connection) {
        if (connection.markInSync()) {
            failedAttempts = 0;
            policyRetry = null;
            setState(ConnectionState.CONNECTED);
            firstConfig.complete(configs.get(ownKey));
        }
    }

    private void resync(WebSocketConnection connection, ConfigKey key, KeyState held) {
        if (!resyncing.add(key)) {
            return;
        }
        ObjectNode message = ConfigTrees.JSON.createObjectNode().put("type", "resync");
        // A version the server cannot know makes it answer with a snapshot.
        message.put("last_version", held == null ? "none" : held.version());
        if (!key.equals(ownKey)) {
            message.put("app", key.application()).put("profile", key.profile()).put("label", key.label());
        }
        connection.send(message.toString());
    }

    private void error(WebSocketConnection connection, JsonNode message) {
        String code = message.path("code").asText("UNKNOWN");
        String text = message.path("message").asText("");
        connection.errorReceived(code, text);
        LOG.warn("server {} reported {}: {}", settings.url(), code, text);
        switch (code) {
            case "FORBIDDEN" -> {
                // The server's answer to an auth message it refused; any other FORBIDDEN refuses a pattern.
                if (text.startsWith("auth refused")) {
                    LOG.error(
                            "server {} refused the fresh token ({}); the connection ends when the token in use"
                                    + " expires",
                            settings.url(),
                            text);
                } else {
                    // A refused pattern, or revoked credentials (the server then closes with 1008).
                    subscriptions.refused(code, text);
                }
            }
            case "INVALID_PATTERN" -> subscriptions.refused(code, text);
            case "TOKEN_EXPIRED" -> tokenExpired(text);
            case "NOT_FOUND" -> {
                // The answer to a resync the server cannot serve: start those keys afresh with a snapshot.
                for (ConfigKey key : List.copyOf(resyncing)) {
                    keys.remove(key);
                }
                if (!resyncing.isEmpty()) {
                    resyncing.clear();
                    connection.abort();
                    reconnectAfterMillis = 0;
                    lost(connection, "the server does not know the version held (" + text + ")");
                }
            }
            default -> {}
        }
    }

    /**
     * The server closes next (1008) because the credentials expired. Renewed credentials reconnect at once
     * with a fresh token; a fixed token can never succeed again, so the client stops, saying why. Under lock.
     */
    private void tokenExpired(String text) {
        if (settings.credentials().renewable()) {
            reconnectAfterMillis = 0;
            return;
        }
        WebSocketConnection connection = current;
        fail(new VortexClientException(
                "the server " + settings.url() + " closed the connection of " + ownKey + " because its "
                        + settings.credentials() + " expired (" + text + "); a fixed token cannot be renewed:"
                        + " give the client a token supplier (bearerToken(Supplier)); not retrying",
                -1,
                POLICY_VIOLATION,
                null));
        if (connection != null) {
            connection.abort();
        }
    }

    /** Drops the keys that neither the own key nor a remaining pattern covers. Under lock. */
    private void dropKeysNoLongerFollowed() {
        for (ConfigKey key : List.copyOf(keys.keySet())) {
            if (!key.equals(ownKey) && !subscriptions.cover(key)) {
                keys.remove(key);
                configs.remove(key);
                listeners.forEach(listener -> listener.forget(key));
            }
        }
    }

    /**
     * The key of a keyed message. The first keyed message of a connection is the own key's (PROTOCOL.md:
     * first contact is a snapshot of it), and tells the label the server applied when the client named
     * none.
     */
    private ConfigKey key(WebSocketConnection connection, JsonNode message) {
        ConfigKey key = new ConfigKey(
                text(message, "app"),
                text(message, "profile"),
                message.path("label").asText(null));
        if (!connection.ownKeySeen()) {
            connection.markOwnKeySeen();
            if (!key.equals(ownKey)
                    && key.application().equals(ownKey.application())
                    && key.profile().equals(ownKey.profile())
                    && (ownKey.label() == null || ownKey.label().equals(key.label()))) {
                rekeyOwn(key);
            }
        }
        return key;
    }

    private void rekeyOwn(ConfigKey key) {
        KeyState held = keys.remove(ownKey);
        configs.remove(ownKey);
        ownKey = key;
        if (held != null) {
            ConfigSnapshot config = ConfigSnapshot.of(
                    key,
                    held.version(),
                    held.tree(),
                    settings.shape(),
                    held.config().fromCache());
            keys.put(key, new KeyState(held.tree(), config));
            configs.put(key, config);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void writeCacheSoon(VortexConfig config) {
        if (settings.cacheFile() == null) {
            return;
        }
        if (pendingCacheWrite.getAndSet(config) == null) {
            schedule(
                    () -> {
                        VortexConfig newest = pendingCacheWrite.getAndSet(null);
                        if (newest != null) {
                            settings.cacheFile().write(newest);
                        }
                    },
                    0);
        }
    }

    private void setState(ConnectionState next) {
        if (state == next) {
            return;
        }
        state = next;
        for (ConnectionListener listener : connectionListeners) {
            try {
                listenerExecutor.execute(() -> {
                    try {
                        listener.onStateChange(next);
                    } catch (RuntimeException e) {
                        LOG.warn("connection listener failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("listener executor refused a state change", e);
            }
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return scheduler.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.error("client task failed", e);
                        }
                    },
                    Math.max(0, delayMillis),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler refused a task (the client is closing)", e);
            return null;
        }
    }

    private void cancelTimers() {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
        if (tokenTask != null) {
            tokenTask.cancel(false);
            tokenTask = null;
        }
    }

    /** Logs one line per kind of bad message; a server sending endless new kinds fills no memory. */
    private void logOnce(String kind, String format, Object... arguments) {
        if (loggedOnce.contains(kind)) {
            return;
        }
        if (loggedOnce.size() < 64 && loggedOnce.add(kind)) {
            LOG.warn(format + " (logged once)", arguments);
        } else {
            LOG.debug(format, arguments);
        }
    }

    private static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return value.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
