package dev.vortex.server;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.backplane.LocalBackplane;
import dev.vortex.server.backplane.PollingTurn;
import dev.vortex.server.backplane.RedisBackplane;
import dev.vortex.server.config.DiscoveredKeys;
import dev.vortex.server.config.KeyDiscovery;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.config.SourceRefresher;
import dev.vortex.server.crypto.CipherTexts;
import dev.vortex.server.crypto.EnvironmentDecryptor;
import dev.vortex.server.crypto.KeyRing;
import dev.vortex.server.http.HttpApi;
import dev.vortex.server.metrics.ServerMetrics;
import dev.vortex.server.realtime.ChangePathWarmUp;
import dev.vortex.server.realtime.RealtimeEndpoint;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.realtime.wire.AcceptingTransport;
import dev.vortex.server.realtime.wire.OpenConnections;
import dev.vortex.server.security.CertificateReloader;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.ServerCertificate;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.DirectoryWatcher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Vortex server: the config source, the cache, the refresher and the HTTP listener.
 *
 * <p>Start one with {@link #start(ServerSettings)}; with port 0 it listens on a free port, which
 * {@link #port()} tells. {@link #close()} shuts it down gracefully: requests under way finish (up to the
 * shutdown timeout), then the source is released.
 */
public final class VortexServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VortexServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a directory must be quiet before it is scanned. Short, because the scan itself waits until
     * files stop changing (it compares the directory before and after a 50 ms pause, so half-written files are
     * never served), and every millisecond here is latency: at 50 ms, the two waits in a row made a file edit
     * reach a Spring bean in 124 ms at p50 (BENCHMARKS.md); an editor's truncate-and-write burst lasts a few
     * milliseconds, and a slower writer is caught by the scan's own pause.
     */
    private static final Duration WATCH_QUIET_PERIOD = Duration.ofMillis(20);

    private final ServerSettings settings;
    private final ConfigSource source;
    private final ServerMetrics metrics;
    private final ResolvedConfigCache cache;
    private final Vertx vertx;
    private final Backplane backplane;
    private final RealtimeEndpoint realtime;
    private final SourceRefresher refresher;
    private final PollingTurn pollingTurn;
    private final DirectoryWatcher watcher;
    private final CredentialsAuthorizer authorizer;
    private final SettingsFileWatcher settingsWatcher;
    private final CertificateReloader certificateReloader;
    private final List<HttpServer> httpServers;
    private final OpenConnections connections;
    private final String transportName;
    private final ChangePathWarmUp warmUp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VortexServer(
            ServerSettings settings, Clock clock, ConfigSource source, KeyRing keys, ServerCertificate certificate)
            throws Exception {
        this.settings = settings;
        this.source = source;
        this.metrics = new ServerMetrics();
        this.cache = new ResolvedConfigCache(
                source,
                settings.cacheMaxEntries(),
                metrics.registry(),
                EnvironmentDecryptor.of(settings.encryption(), keys));
        HttpServerOptions options = httpServerOptions(settings, certificate);
        this.connections = new OpenConnections(settings.maxConnections(), settings.headerTimeout(), options);
        Gauge.builder("vortex.connections.open", connections, OpenConnections::count)
                .description("Open connections, HTTP and WebSocket, as --max-connections counts them: from the"
                        + " accept, TLS handshakes under way and refused connections not yet closed included")
                .register(metrics.registry());
        FunctionCounter.builder("vortex.connections.refused", connections, OpenConnections::refusedTotal)
                .description("Connections refused for being beyond --max-connections (503 over HTTP, closed before"
                        + " the handshake over TLS)")
                .register(metrics.registry());
        Transport transport = transport(settings.nativeTransport());
        this.transportName = transport.name();
        // Built with a transport that shows every accepted connection to OpenConnections before Vert.x sets it up
        // (over TLS, before the handshake), so that --max-connections counts it from the accept.
        this.vertx = Vertx.builder()
                .withTransport(AcceptingTransport.over(transport, connections))
                .build();
        this.backplane = settings.backplane()
                .<Backplane>map(
                        address -> new RedisBackplane(vertx, address, settings.backplaneStream(), metrics.registry()))
                .orElseGet(LocalBackplane::new);
        this.authorizer = new CredentialsAuthorizer(
                vertx, settings.security(), clock, metrics.registry(), settings.trustedProxies());
        if (!settings.security().enabled()) {
            LOG.warn(
                    "no credentials configured (security section of the settings file): anyone who reaches {} may"
                            + " read every key and refresh the caches",
                    settings.host());
        }
        RealtimeSettings realtimeSettings = settings.realtime();
        DiscoveredKeys discovered = new DiscoveredKeys();
        this.realtime = new RealtimeEndpoint(
                cache,
                backplane,
                metrics.registry(),
                realtimeSettings,
                authorizer,
                clock,
                Math.max(settings.cacheMaxEntries(), 10_000),
                discovered);
        Runnable afterChange =
                settings.keyDiscovery() ? new KeyDiscovery(source, cache, discovered)::discover : () -> {};
        List<String> gitRemotes = ConfigSources.gitRemotes(settings);
        // With a Redis backplane, instances that poll the same Git remotes elect one poller; it tells the others
        // when the remote moved, and they fetch then. A native backend is this machine's own: nothing to share.
        this.refresher = new SourceRefresher(
                vertx,
                source,
                cache,
                afterChange,
                gitRemotes.isEmpty() ? () -> {} : backplane::announceSourceMoved,
                metrics.registry());
        Handler<HttpServerRequest> api = HttpApi.handler(
                vertx,
                source,
                cache,
                realtime,
                backplane,
                metrics,
                new CipherTexts(keys),
                clock,
                refresher::refreshSoon,
                authorizer,
                settings.trustedProxies());
        // One server per event loop on the same port: Vert.x hands new connections to them in turn, so
        // requests and sockets use every core. Vert.x shares a port between servers that ask for the same
        // one; for "any free port" that is -1 (0 would give each server a port of its own).
        if (settings.port() == 0) {
            options.setPort(-1);
        }
        List<HttpServer> servers = new CopyOnWriteArrayList<>();
        await(
                vertx.deployVerticle(
                                () -> new HttpServerVerticle(options, api, connections.guards(), servers),
                                new DeploymentOptions().setInstances(settings.eventLoops()))
                        .toCompletionStage()
                        .toCompletableFuture(),
                START_TIMEOUT);
        this.httpServers = List.copyOf(servers);
        this.certificateReloader = certificate == null
                ? null
                : CertificateReloader.start(
                        vertx,
                        settings.tls().orElseThrow(),
                        certificate,
                        ticker(clock),
                        // One server is enough: Vert.x hands the update to the one that owns the shared port.
                        renewed -> httpServers
                                .get(0)
                                .updateSSLOptions(
                                        options.getSslOptions().copy().setKeyCertOptions(renewed.keyCertOptions()),
                                        true));
        backplane.connect(new PeerCatchUp(realtime, cache, refresher));
        this.pollingTurn = gitRemotes.isEmpty()
                ? PollingTurn.ALWAYS
                : backplane.pollingTurn(
                        gitRemotes,
                        settings.gitLease(),
                        clock,
                        () -> source.health().up(),
                        refresher::refreshSoon);
        refresher.start(ConfigSources.refreshInterval(settings), pollingTurn::pollsNow);
        // The first refresh discovers the applications of the repository, in the background.
        refresher.refreshSoon();
        // Native directories are also watched, so an edit is seen in milliseconds; the periodic scan stays
        // as a safety net for what file watching misses (network file systems, inotify limits).
        List<java.nio.file.Path> watched = source.watchedDirectories();
        this.watcher = watched.isEmpty()
                ? null
                : DirectoryWatcher.start(
                        watched,
                        WATCH_QUIET_PERIOD,
                        DirectoryWatcher.DEFAULT_MAX_DELAY,
                        refresher::refreshSoon,
                        ticker(clock));
        this.settingsWatcher = settings.settingsFile()
                .map(file -> new SettingsFileWatcher(
                        vertx,
                        file,
                        authorizer,
                        realtime,
                        metrics.registry(),
                        settings.settingsPollInterval(),
                        ticker(clock)))
                .orElse(null);
        // Last, and after a pause: the start and its first answers come first (see ChangePathWarmUp).
        this.warmUp = settings.warmUp() ? ChangePathWarmUp.start(ChangePathWarmUp.DEFAULT_DELAY) : null;
    }

    /**
     * Opens the configured source (cloning a Git remote if needed) and starts listening. Blocks until the
     * server accepts connections.
     *
     * @param settings what to serve and where
     * @return the running server
     * @throws IllegalStateException if the source cannot be opened or the port cannot be bound, with the
     *     reason
     * @throws IllegalArgumentException if the encryption keys cannot be read, naming the keystore or key, if the
     *     TLS certificate or key file cannot be used, naming it, or if another setting is invalid, naming it
     */
    public static VortexServer start(ServerSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * Like {@link #start(ServerSettings)}, with the time every part of the server reads: the heartbeat and the
     * inbound rate limit of each WebSocket, message and response timestamps, the directory watcher's
     * debounce, and when the settings file is read again. Tests pass a clock they move, instead of waiting for wall time. (Timers still fire in wall
     * time, as sampling points: the heartbeat sweep runs every second at most and reads {@code clock}.)
     *
     * @param settings what to serve and where
     * @param clock where time comes from; the system clock in production
     * @return the running server
     * @throws IllegalStateException if the source cannot be opened or the port cannot be bound, with the
     *     reason
     * @throws IllegalArgumentException if the encryption keys cannot be read, naming the keystore or key, if the
     *     TLS certificate or key file cannot be used, naming it, or if another setting is invalid, naming it
     */
    public static VortexServer start(ServerSettings settings, Clock clock) {
        java.util.Objects.requireNonNull(clock, "clock");
        StartPreloader.awaitCompletion();
        // The keys first: a wrong keystore path or password is told before any clone starts.
        KeyRing keys = KeyRing.of(settings.encryption());
        // So is a bad certificate or key file.
        ServerCertificate certificate =
                settings.tls().map(ServerCertificate::read).orElse(null);
        if (certificate != null) {
            LOG.info(
                    "TLS: serving {} from {}",
                    certificate.describe(),
                    settings.tls().orElseThrow().certificate());
        }
        if (!settings.trustedProxies().isEmpty()) {
            // Said once, so that an operator sees which peers may name their clients (and that the option took).
            LOG.info(
                    "trusted proxies {}: {} names the client of their requests",
                    settings.trustedProxies().ranges(),
                    settings.trustedProxies().header());
        }
        ConfigSource source = ConfigSources.open(settings);
        try {
            return new VortexServer(settings, clock, source, keys, certificate);
        } catch (IllegalArgumentException e) {
            // A bad setting (security section, backplane address) names itself; "cannot listen" would mislead.
            source.close();
            throw e;
        } catch (Exception e) {
            source.close();
            throw new IllegalStateException(
                    "cannot start on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** The port the server listens on (the real one when the settings asked for port 0). */
    public int port() {
        return httpServers.get(0).actualPort();
    }

    /** The source being served. */
    public ConfigSource source() {
        return source;
    }

    /**
     * The network transport in use: {@code epoll} (Linux, native) or {@code nio} (the JDK's, everywhere);
     * {@code nio} too when the native one was asked for but could not be loaded.
     */
    public String transport() {
        return transportName;
    }

    /** The change path's warm-up, when {@link ServerSettings#warmUp()} asked for one; for tests. */
    java.util.Optional<ChangePathWarmUp> warmUp() {
        return java.util.Optional.ofNullable(warmUp);
    }

    /** The settings the server was started with. */
    public ServerSettings settings() {
        return settings;
    }

    /**
     * Refreshes the source now instead of waiting for the next interval, and waits until the cache holds
     * what changed. Blocking; for operators' tools and tests.
     */
    public void refreshNow() {
        refresher.refreshNow();
    }

    /**
     * Reads the settings file now (instead of at the next poll) and, if its {@code security} section changed,
     * applies it and checks every open WebSocket connection again; waits until that is done. A file that
     * cannot be read or parsed changes nothing (the error is logged). Blocking; for operators' tools and
     * tests. Does nothing when the server was not started from a settings file.
     */
    public void reloadSettingsNow() {
        if (settingsWatcher == null) {
            return;
        }
        try {
            await(settingsWatcher.reloadNow().toCompletionStage().toCompletableFuture(), START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("reloading the settings file did not finish: " + e, e);
        }
    }

    /**
     * Stops gracefully: tells WebSocket clients to reconnect later and closes their sockets (1001), stops
     * accepting connections, lets requests under way finish within the shutdown timeout, then releases the
     * source. Idempotent; blocks until done.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // One deadline for the whole shutdown: each step gets what is left of it, and whatever is still open
        // when it passes is cut, so that clients that never read or never finish a request cannot stretch it.
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        try {
            if (warmUp != null) {
                warmUp.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            if (settingsWatcher != null) {
                settingsWatcher.close();
            }
            if (certificateReloader != null) {
                certificateReloader.close();
            }
            refresher.close();
            // Given up first, so that another instance polls at once rather than after the lease expires.
            pollingTurn.close();
            await(realtime.shutdown().toCompletionStage().toCompletableFuture(), remaining(deadline));
        } catch (Exception e) {
            LOG.warn("closing WebSocket connections did not finish in time: {}", e.toString());
        }
        try {
            Duration left = remaining(deadline);
            List<io.vertx.core.Future<Void>> shutdowns = new ArrayList<>();
            for (HttpServer server : httpServers) {
                shutdowns.add(server.shutdown(left.toMillis(), TimeUnit.MILLISECONDS));
            }
            await(io.vertx.core.Future.join(shutdowns).toCompletionStage().toCompletableFuture(), left);
        } catch (Exception e) {
            LOG.warn("graceful shutdown of the HTTP server did not finish in time: {}", e.toString());
        } finally {
            int cut = connections.count();
            if (cut > 0) {
                LOG.warn("shutdown timeout reached: closing {} connections still open", cut);
            }
            connections.closeAll();
            backplane.close();
            authorizer.close();
            cache.close();
            source.close();
            try {
                await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(10));
            } catch (Exception e) {
                LOG.warn("closing Vert.x did not finish: {}", e.toString());
            }
            metrics.close();
        }
    }

    /** The options of every HTTP server (one per event loop, on one port). */
    private static HttpServerOptions httpServerOptions(ServerSettings settings, ServerCertificate certificate) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                // WebSocket extensions are negotiated by the real-time endpoint's takeover, which serves them;
                // Vert.x's own handler would answer permessage-deflate for a pipeline that cannot speak it.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Idle HTTP connections only: a WebSocket leaves the idle handler behind (RequestHeadTimeout).
                .setIdleTimeout(
                        (int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/1.1 only (WebSockets need it anyway): with h2c detection Vert.x would set a connection up
                // only after decoding its first request, too late for OpenConnections' decoder and timeout.
                .setHttp2ClearTextEnabled(false);
        if (certificate != null) {
            options.setSsl(true)
                    .setKeyCertOptions(certificate.keyCertOptions())
                    // HTTP/1.1 over TLS too: ALPN names it alone, so no client picks h2.
                    .setUseAlpn(true)
                    .setAlpnVersions(List.of(HttpVersion.HTTP_1_1))
                    // The request-head timeout starts once the handshake is done; this bounds the handshake (the
                    // connection counts against --max-connections meanwhile).
                    .setSslHandshakeTimeout(settings.headerTimeout().toMillis())
                    .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        return options;
    }

    /**
     * The operating system's native transport when asked for and available (as {@code
     * VertxOptions.setPreferNativeTransport} would choose it), the JDK's otherwise, said once when it was asked for.
     */
    private static Transport transport(boolean preferNative) {
        if (!preferNative) {
            return Transport.NIO;
        }
        Transport nativeOne = Transport.nativeTransport();
        if (nativeOne != null && nativeOne.available()) {
            return nativeOne;
        }
        LOG.warn(
                "native transport unavailable, using the JDK's: {}",
                nativeOne == null ? "none for this system" : String.valueOf(nativeOne.unavailabilityCause()));
        return Transport.NIO;
    }

    /**
     * The nanosecond ticker for intervals: the JDK's monotonic one under the system clock (a wall clock can be
     * set back), otherwise the given clock's time, so that a test's clock drives intervals too.
     */
    private static java.util.function.LongSupplier ticker(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return System::nanoTime;
        }
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    /** What is left until {@code deadline} (a {@link System#nanoTime()}), at least a millisecond. */
    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
