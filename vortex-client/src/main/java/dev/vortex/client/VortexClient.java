package dev.vortex.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A client of one Vortex server: follows the config of one key ({@code application}, {@code profiles},
 * {@code label}) over the real-time WebSocket protocol, and of every key matched by its pattern
 * subscriptions.
 *
 * <pre>{@code
 * VortexClient client = VortexClient.builder()
 *         .url(URI.create("http://localhost:8888"))
 *         .application("orders")
 *         .profiles("prod")
 *         .build();
 * VortexConfig config = client.start().get(10, TimeUnit.SECONDS);
 * int maxItems = client.config().getInt("orders.max-items").orElse(100);
 * client.addListener(change -> change.changes().forEach(System.out::println));
 * }</pre>
 *
 * <p><b>Behaviour.</b> The first message is a snapshot; then JSON Patch diffs are applied, each checked
 * against the version the client holds (a diff from another version is answered with {@code resync}). A
 * lost connection (closed, failed, or silent for longer than the heartbeat timeout) is reopened after a
 * full-jitter backoff delay, or after the server's {@code reconnect_after_ms} when it announced a shutdown,
 * and resumes with {@code ?last_version=}; pattern subscriptions are renewed. Malformed and unknown messages
 * are logged once and ignored. A refused upgrade (401, 403, 404) is final, at start as on a reconnection:
 * the state becomes {@link ConnectionState#FAILED} and {@link #failure()} names the status (credentials do
 * not mend themselves, so retrying would only hammer the server). So is a connection the server closes with
 * 1008 (policy violation: credentials revoked by a settings reload, or the key no longer readable), usually
 * after an {@code error} {@code FORBIDDEN}: {@link #failure()} names the close code, its reason and the error.
 * Only a token supplier may mend it: then the client reconnects once at once with the token the supplier
 * gives now, and a refusal of that attempt is final.
 *
 * <p><b>Credentials.</b> An API key, Basic credentials or a bearer token go with every upgrade request
 * ({@link Builder#apiKey}, {@link Builder#basicAuth}, {@link Builder#bearerToken(String)}). A bearer token
 * from a supplier ({@link Builder#bearerToken(java.util.function.Supplier)}) is asked for at each connection
 * and, when it is a JWT, again once 80% of its remaining lifetime has passed: the fresh token goes to the
 * open connection in an {@code auth} message, so the connection outlives the first token.
 *
 * <p><b>Threading.</b> Messages are handled on the JDK WebSocket's reader (never blocked by listeners).
 * {@link ConfigListener}s and {@link ConnectionListener}s run on the listener executor (by default one
 * daemon thread of this client); a slow config listener gets one coalesced change per key. Reconnection
 * delays, the heartbeat watchdog and cache-file writes run on the scheduler (by default one daemon thread
 * of this client). All methods are thread-safe.
 */
public final class VortexClient implements AutoCloseable {

    /** The default heartbeat timeout: the server pings every 30 s, so 45 s of silence means a dead link. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(45);

    /** The default timeout of the TCP connection and the WebSocket handshake. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ClientEngine engine;

    private VortexClient(ClientEngine engine) {
        this.engine = engine;
    }

    /** A builder; {@link Builder#url(URI)} and {@link Builder#application(String)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects. The future completes with the first config: a snapshot from the server, or, when the server
     * is unreachable and a cache file exists, the cached config ({@link #isFromCache()} is then true, one
     * WARN line says so, and the client keeps reconnecting in the background). It fails with
     * {@link VortexClientException} when the server refuses the key (no retry), or is unreachable and there
     * is no cache. Calling it again connects no second time; each call returns its own future of the same
     * outcome.
     */
    public CompletableFuture<VortexConfig> start() {
        return engine.start();
    }

    /**
     * The current config of the connection's own key.
     *
     * @throws IllegalStateException before the first config (see {@link #start()})
     */
    public VortexConfig config() {
        return engine.ownConfig()
                .orElseThrow(() -> new IllegalStateException("no config yet for " + engine.ownKey()
                        + ": call start() and wait for it (state " + state() + ")"));
    }

    /** The current config of any key this client follows (its own key, or one matched by a pattern). */
    public Optional<VortexConfig> config(ConfigKey key) {
        return Optional.ofNullable(engine.configs().get(key));
    }

    /** Every config this client holds, by key. */
    public Map<ConfigKey, VortexConfig> configs() {
        return Map.copyOf(engine.configs());
    }

    /** The version of the own key's config; {@code null} before the first config. */
    public String version() {
        return engine.ownConfig().map(VortexConfig::version).orElse(null);
    }

    /** Whether the current config came from the cache file and the server has not confirmed it yet. */
    public boolean isFromCache() {
        return engine.ownConfig().map(VortexConfig::fromCache).orElse(false);
    }

    /** The connection's state ({@link ConnectionState#DISCONNECTED} before {@link #start()}). */
    public ConnectionState state() {
        return engine.state();
    }

    /**
     * Why the client gave up, once its state is {@link ConnectionState#FAILED}: an upgrade refused with 401
     * (missing or bad credentials), 403 (not allowed to read the key) or 404, a connection closed with 1008
     * (credentials revoked, key no longer readable; {@link VortexClientException#closeCode()}), a fixed token
     * that expired, or a server unreachable at start. Empty while the client works (or retries).
     */
    public Optional<VortexClientException> failure() {
        return engine.failure();
    }

    /** The key this client follows (its label is the server's once the server named it). */
    public ConfigKey key() {
        return engine.ownKey();
    }

    /**
     * Registers a listener of config changes of the own key and of pattern-subscribed keys, from now on
     * (a listener added before {@link #start()} also sees the first config, with a {@code null} old version).
     */
    public ListenerRegistration addListener(ConfigListener listener) {
        return engine.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Registers a listener of connection state changes. */
    public ListenerRegistration addConnectionListener(ConnectionListener listener) {
        return engine.addConnectionListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Follows every key matching {@code pattern} ({@code app:profile:label}, each part a literal or
     * {@code *}); kept across reconnections. Completes when the server acknowledges it; the snapshots of
     * the matching keys follow.
     *
     * @throws IllegalArgumentException naming the pattern when it is malformed
     */
    public CompletableFuture<Void> subscribe(String pattern) {
        return engine.subscribe(KeyPatterns.check(pattern));
    }

    /** Stops following {@code pattern}; its keys are dropped unless another pattern matches them. */
    public CompletableFuture<Void> unsubscribe(String pattern) {
        return engine.unsubscribe(KeyPatterns.check(pattern));
    }

    /** Closes the connection (close 1000) and the threads this client owns. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    /** The settings the builder collected (for tests of this package). */
    ClientSettings settingsForTests() {
        return engine.settings();
    }

    @Override
    public String toString() {
        return "VortexClient[" + engine.ownKey() + " at " + engine.settings().url() + ", " + state() + "]";
    }

    /** Builds a {@link VortexClient}. Not thread-safe. */
    public static final class Builder {
        private URI url;
        private String application;
        private String profiles = "default";
        private String label;
        private Credentials credentials = Credentials.none();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Shape shape = Shape.NESTED;
        private Backoff backoff = Backoff.protocolDefault();
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Path cacheFile;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Executor listenerExecutor;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private Consumer<String> rawMessageListener;
        private HttpClient httpClient;

        private Builder() {}

        /**
         * The server's base URL: {@code http://host:8888} or {@code https://..} (the WebSocket URL is derived),
         * or a {@code ws://}/{@code wss://} base. A path is kept as a prefix ({@code http://gw/config}).
         */
        public Builder url(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("http", "https", "ws", "wss").contains(scheme) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "invalid server URL '" + url + "': expected http://host:port (or https, ws, wss)");
            }
            this.url = url;
            return this;
        }

        /** Same as {@link #url(URI)}. */
        public Builder url(String url) {
            try {
                return url(URI.create(Objects.requireNonNull(url, "url")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid server URL '" + url + "': " + e.getMessage(), e);
            }
        }

        /** The application name (Spring's {@code spring.application.name}). */
        public Builder application(String application) {
            this.application = application;
            return this;
        }

        /** The profiles, in Spring's order (later wins); {@code "prod,eu"} is the same as two arguments. */
        public Builder profiles(String... profiles) {
            String joined = Arrays.stream(profiles)
                    .filter(Objects::nonNull)
                    .flatMap(profile -> Arrays.stream(profile.split(",")))
                    .map(String::trim)
                    .filter(profile -> !profile.isEmpty())
                    .collect(Collectors.joining(","));
            if (joined.isEmpty()) {
                throw new IllegalArgumentException("profiles must not be empty, were " + Arrays.toString(profiles));
            }
            this.profiles = joined;
            return this;
        }

        /** The label (a Git branch, tag or commit); none means the server's default. */
        public Builder label(String label) {
            this.label = label == null || label.isBlank() ? null : label;
            return this;
        }

        /**
         * The credentials sent with the upgrade request (replacing any set before); see also the shortcuts
         * {@link #apiKey}, {@link #basicAuth}, {@link #bearerToken(String)} and
         * {@link #bearerToken(Supplier)}. Default: none.
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Authenticates with an API key, sent as {@code X-API-Key} on each upgrade request. Same as
         * {@code credentials(Credentials.apiKey(key))}.
         *
         * @throws IllegalArgumentException when the key is empty
         */
        public Builder apiKey(String key) {
            return credentials(Credentials.apiKey(key));
        }

        /**
         * Authenticates with HTTP Basic ({@code Authorization: Basic ..}) on each upgrade request. Same as
         * {@code credentials(Credentials.basic(user, password))}.
         *
         * @throws IllegalArgumentException when the user is empty
         */
        public Builder basicAuth(String user, String password) {
            return credentials(Credentials.basic(user, password));
        }

        /**
         * Authenticates with one bearer token ({@code Authorization: Bearer ..}) on every connection. When it
         * is a JWT, the server closes the connection at its {@code exp} ({@code error} {@code TOKEN_EXPIRED},
         * close 1008) and the client stops ({@link ConnectionState#FAILED}): use
         * {@link #bearerToken(Supplier)} for tokens that expire.
         *
         * @throws IllegalArgumentException when the token is empty
         */
        public Builder bearerToken(String token) {
            return credentials(Credentials.bearer(token));
        }

        /**
         * Authenticates with bearer tokens from {@code tokens}, asked for at each connection (a reconnection
         * never presents a stale token) and, when the token is a JWT, again once 80% of its remaining
         * lifetime has passed (its {@code exp} is read from the payload; the signature is the server's
         * business): a token different from the one in use is sent on the open connection in an
         * {@code auth} message, so the connection survives the first token's expiry. A supplier that keeps
         * answering with the same (cached) token is asked again later, at the latest shortly before expiry.
         * If the server still closes with {@code TOKEN_EXPIRED} (the supplier failed for too long), or closes
         * with 1008 because it revoked the credentials (a settings reload), the client reconnects once, at
         * once, with what the supplier gives now; refused again (401, 403, 1008), it stops. {@code tokens}
         * runs on the client's scheduler thread (and on the caller's thread in {@link VortexClient#start()});
         * it should answer promptly.
         */
        public Builder bearerToken(Supplier<String> tokens) {
            return credentials(Credentials.bearer(tokens));
        }

        /** An extra header of the upgrade request. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** The shape the server sends (changes only the wire; both shapes are always available). */
        public Builder shape(Shape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** The delay before each reconnection attempt; default full jitter from 500 ms capped at 30 s. */
        public Builder reconnect(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** No frame at all for this long and the connection is considered lost; default 45 s. */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive(timeout, "heartbeat timeout");
            return this;
        }

        /**
         * A local copy of the own key's config, rewritten (atomically) after each change; read at start, and
         * used when the server is unreachable then.
         */
        public Builder cacheFile(Path file) {
            this.cacheFile = file;
            return this;
        }

        /** The timeout of the TCP connection and handshake; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * Where listeners run. Default: one daemon thread owned by the client. With an executor of several
         * threads, connection state changes may reach listeners out of order.
         */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = Objects.requireNonNull(executor, "listener executor");
            return this;
        }

        /** The clock of the heartbeat watchdog (for tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs reconnection delays, the heartbeat watchdog and cache writes (for tests, to drive time). Not
         * shut down by {@link VortexClient#close()}. Default: one daemon thread owned by the client.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Receives every text message from the server as it arrived, before it is handled (for tools such as
         * {@code vortex watch --json}). Called on the socket's reader thread: it must return quickly.
         */
        public Builder rawMessageListener(Consumer<String> listener) {
            this.rawMessageListener = listener;
            return this;
        }

        /**
         * The JDK HTTP client that opens WebSockets. Default: one client shared by every {@code VortexClient}
         * of the JVM (its threads are daemons).
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "http client");
            return this;
        }

        /**
         * The client, not yet connected (see {@link VortexClient#start()}).
         *
         * @throws IllegalArgumentException when the URL or the application is missing
         */
        public VortexClient build() {
            if (url == null) {
                throw new IllegalArgumentException("the server URL is required: url(\"http://host:8888\")");
            }
            ConfigKey key = new ConfigKey(application, profiles, label);
            boolean ownsListenerExecutor = listenerExecutor == null;
            Executor listeners = ownsListenerExecutor
                    ? Executors.newSingleThreadExecutor(DaemonThreads.named("vortex-client-listener-" + key))
                    : listenerExecutor;
            boolean ownsScheduler = scheduler == null;
            ScheduledExecutorService timers = ownsScheduler
                    ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vortex-client-" + key))
                    : scheduler;
            List<Runnable> onClose = new ArrayList<>();
            if (ownsListenerExecutor) {
                onClose.add(((ExecutorService) listeners)::shutdown);
            }
            if (ownsScheduler) {
                onClose.add(timers::shutdownNow);
            }
            ClientSettings settings = new ClientSettings(
                    url,
                    key,
                    credentials,
                    Map.copyOf(headers),
                    shape,
                    backoff,
                    heartbeatTimeout,
                    cacheFile == null ? null : new CacheFile(cacheFile),
                    connectTimeout,
                    clock,
                    rawMessageListener,
                    httpClient == null ? SharedHttpClient.get() : httpClient);
            return new VortexClient(new ClientEngine(settings, listeners, timers, onClose));
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
