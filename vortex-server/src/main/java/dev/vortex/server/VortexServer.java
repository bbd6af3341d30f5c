package dev.vortex.server;

import dev.vortex.server.backplane.LocalBackplane;
import dev.vortex.server.config.KeyDiscovery;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.config.SourceRefresher;
import dev.vortex.server.crypto.CipherTexts;
import dev.vortex.server.crypto.EnvironmentDecryptor;
import dev.vortex.server.crypto.KeyRing;
import dev.vortex.server.http.HttpApi;
import dev.vortex.server.metrics.ServerMetrics;
import dev.vortex.server.realtime.RealtimeEndpoint;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.ConnectionAuthorizer;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.DirectoryWatcher;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
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
     * files stop changing (so half-written files are never served), and every millisecond here is latency.
     */
    private static final Duration WATCH_QUIET_PERIOD = Duration.ofMillis(50);

    private final ServerSettings settings;
    private final ConfigSource source;
    private final ServerMetrics metrics;
    private final ResolvedConfigCache cache;
    private final Vertx vertx;
    private final LocalBackplane backplane;
    private final RealtimeEndpoint realtime;
    private final SourceRefresher refresher;
    private final DirectoryWatcher watcher;
    private final List<HttpServer> httpServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VortexServer(ServerSettings settings, ConfigSource source, KeyRing keys) throws Exception {
        this.settings = settings;
        this.source = source;
        this.metrics = new ServerMetrics();
        this.cache = new ResolvedConfigCache(
                source,
                settings.cacheMaxEntries(),
                metrics.registry(),
                EnvironmentDecryptor.of(settings.encryption(), keys));
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(settings.nativeTransport()));
        if (settings.nativeTransport() && !vertx.isNativeTransportEnabled()) {
            LOG.warn(
                    "native transport unavailable, using the JDK's: {}",
                    String.valueOf(vertx.unavailableNativeTransportCause()));
        }
        this.backplane = new LocalBackplane();
        RealtimeSettings realtimeSettings = settings.realtime();
        this.realtime = new RealtimeEndpoint(
                cache,
                backplane,
                metrics.registry(),
                realtimeSettings,
                ConnectionAuthorizer.allowAll(),
                Clock.systemUTC(),
                Math.max(settings.cacheMaxEntries(), 10_000));
        Runnable afterChange = settings.keyDiscovery() ? new KeyDiscovery(source, cache)::discover : () -> {};
        this.refresher = new SourceRefresher(vertx, source, cache, afterChange);
        HttpServerOptions options =
                new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        Router router = HttpApi.router(
                vertx,
                source,
                cache,
                realtime,
                metrics,
                new CipherTexts(keys),
                Clock.systemUTC(),
                refresher::refreshSoon);
        // One server per event loop on the same port: Vert.x hands new connections to them in turn, so
        // requests and sockets use every core. Vert.x shares a port between servers that ask for the same
        // one; for "any free port" that is -1 (0 would give each server a port of its own).
        if (settings.port() == 0) {
            options.setPort(-1);
        }
        List<HttpServer> servers = new CopyOnWriteArrayList<>();
        await(
                vertx.deployVerticle(
                                () -> new HttpServerVerticle(options, router, servers),
                                new DeploymentOptions().setInstances(settings.eventLoops()))
                        .toCompletionStage()
                        .toCompletableFuture(),
                START_TIMEOUT);
        this.httpServers = List.copyOf(servers);
        refresher.start(ConfigSources.refreshInterval(settings));
        // The first refresh discovers the applications of the repository, in the background.
        refresher.refreshSoon();
        // Native directories are also watched, so an edit is seen in milliseconds; the periodic scan stays
        // as a safety net for what file watching misses (network file systems, inotify limits).
        List<java.nio.file.Path> watched = source.watchedDirectories();
        this.watcher =
                watched.isEmpty() ? null : DirectoryWatcher.start(watched, WATCH_QUIET_PERIOD, refresher::refreshSoon);
    }

    /**
     * Opens the configured source (cloning a Git remote if needed) and starts listening. Blocks until the
     * server accepts connections.
     *
     * @param settings what to serve and where
     * @return the running server
     * @throws IllegalStateException if the source cannot be opened or the port cannot be bound, with the
     *     reason
     * @throws IllegalArgumentException if the encryption keys cannot be read, naming the keystore or key
     */
    public static VortexServer start(ServerSettings settings) {
        // The keys first: a wrong keystore path or password is told before any clone starts.
        KeyRing keys = KeyRing.of(settings.encryption());
        ConfigSource source = ConfigSources.open(settings);
        try {
            return new VortexServer(settings, source, keys);
        } catch (Exception e) {
            source.close();
            throw new IllegalStateException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
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
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
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
     * Stops gracefully: tells WebSocket clients to reconnect later and closes their sockets (1001), stops
     * accepting connections, lets requests under way finish within the shutdown timeout, then releases the
     * source. Idempotent; blocks until done.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Duration timeout = settings.shutdownTimeout();
        try {
            if (watcher != null) {
                watcher.close();
            }
            refresher.close();
            await(realtime.shutdown().toCompletionStage().toCompletableFuture(), timeout);
        } catch (Exception e) {
            LOG.warn("closing WebSocket connections did not finish: {}", e.toString());
        }
        try {
            List<io.vertx.core.Future<Void>> shutdowns = new ArrayList<>();
            for (HttpServer server : httpServers) {
                shutdowns.add(server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
            await(
                    io.vertx.core.Future.join(shutdowns).toCompletionStage().toCompletableFuture(),
                    timeout.plusSeconds(5));
        } catch (Exception e) {
            LOG.warn("graceful shutdown of the HTTP server did not finish: {}", e.toString());
        } finally {
            backplane.close();
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

    private static void await(java.util.concurrent.CompletableFuture<?> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
