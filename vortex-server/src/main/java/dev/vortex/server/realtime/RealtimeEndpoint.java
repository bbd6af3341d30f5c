package dev.vortex.server.realtime;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.DiscoveredKeys;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.ClientSocket;
import dev.vortex.server.realtime.wire.EventLoops;
import dev.vortex.server.realtime.wire.FrameDeflater;
import dev.vortex.server.realtime.wire.WebSocketTakeover;
import dev.vortex.server.security.ConnectionAuthorizer;
import dev.vortex.server.security.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time layer: turns resolutions into change events, carries them over the backplane, and delivers
 * them to WebSocket sessions.
 *
 * <p>One change, end to end: a resolution (after a refresh, a cache drop, a request) reaches
 * {@link ChangeRecorder}, which drops it unless a WebSocket client follows its key; {@link ConfigHistory}
 * decides whether it is a change; the event goes out on the
 * {@link Backplane}; {@link ConfigChangeBroadcaster} finds the sessions in {@link ConnectionRegistry} and
 * each {@link Session} sends the shared frame from {@link SharedFrames}.
 */
public final class RealtimeEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeEndpoint.class);

    private final SessionDependencies deps;
    private final AtomicLong sessionIds = new AtomicLong();
    private final WebSocketTakeover takeover;
    private final ConfigChangeBroadcaster broadcaster;

    /**
     * Wires the layer and starts listening for resolutions and changes.
     *
     * @param cache the cache whose resolutions are watched and which answers resyncs
     * @param backplane where changes are published and received
     * @param registry where the layer's meters go
     * @param settings timings and limits
     * @param authorizer decides who may read what
     * @param clock the clock for heartbeats, rate windows and timestamps
     * @param maxKeys the most keys whose history is kept
     * @param discovered the keys key discovery found, which pattern subscriptions see (with connected keys)
     */
    public RealtimeEndpoint(
            ResolvedConfigCache cache,
            Backplane backplane,
            MeterRegistry registry,
            RealtimeSettings settings,
            ConnectionAuthorizer authorizer,
            Clock clock,
            long maxKeys,
            DiscoveredKeys discovered) {
        ServerMessages messages = new ServerMessages(clock);
        RealtimeMetrics metrics = new RealtimeMetrics(registry);
        FrameDeflater deflater =
                settings.compression() ? new FrameDeflater(metrics.framesCompressed()) : FrameDeflater.DISABLED;
        ConfigHistory history = new ConfigHistory(settings.historyDepth(), maxKeys);
        ConnectionRegistry connections = new ConnectionRegistry(clock, settings, messages, metrics);
        PatternKeys patternKeys = new PatternKeys(discovered, connections);
        ChangeRecorder changes = new ChangeRecorder(history, backplane, connections, patternKeys, cache::get);
        this.deps = new SessionDependencies(
                settings,
                clock,
                cache,
                history,
                new RemoteVersions(history, backplane),
                new SharedFrames(messages, deflater),
                messages,
                metrics,
                connections,
                patternKeys,
                changes,
                authorizer);
        this.takeover = new WebSocketTakeover(
                new ClientSocket.Shared(settings.maxFrameBytesOnTheWire(), metrics.messagesInflated()),
                settings.compression());
        this.broadcaster = new ConfigChangeBroadcaster(connections, metrics, patternKeys, history, deps.frames());
        backplane.subscribe(broadcaster);
        cache.track(changes::resolved, () -> connections.followedKeys(patternKeys.all()));
    }

    /** The security seam, for the upgrade handler. */
    public ConnectionAuthorizer authorizer() {
        return deps.authorizer();
    }

    /** The timings and limits. */
    public RealtimeSettings settings() {
        return deps.settings();
    }

    /** The keys patterns can match: the discovered ones and those WebSocket clients are connected to. */
    public Set<ConfigKey> knownKeys() {
        return deps.patternKeys().all();
    }

    /**
     * The version of {@code key} this instance last announced, if a WebSocket client has followed the key here: a
     * change another instance reports with this version has been delivered here already. Empty for a key only
     * HTTP clients asked for here, whose resolutions are not recorded.
     */
    public Optional<String> currentVersion(ConfigKey key) {
        return deps.history().current(key).map(ResolvedConfig::version);
    }

    /**
     * Upgrades {@code request} to a WebSocket and starts its session. Must be called on the request's event
     * loop, once every check that could refuse the request with an HTTP status has passed.
     *
     * @param request the upgrade request
     * @param config the resolved config of the connection's key
     * @param shape the shape the client asked for
     * @param principal who the client is
     * @param lastVersion the version the client says it holds, or {@code null}
     * @param forwardedClient the client's address as a trusted proxy reported it, or {@code null} when the client
     *     is the TCP peer
     * @return completes when the session has started; fails with {@link UpgradeRefusedException} when the
     *     request cannot be upgraded (it is still HTTP then, and can be answered with that status)
     */
    public Future<Void> accept(
            HttpServerRequest request,
            ResolvedConfig config,
            Shape shape,
            Principal principal,
            String lastVersion,
            String forwardedClient) {
        Context eventLoop = EventLoops.current();
        // The key may have been asked for only over HTTP until now, and such resolutions are not recorded: the
        // config this client starts from is, before a version it names is looked up and before it registers.
        deps.changes().adopt(config);
        if (!deps.remoteVersions().unknown(config.key(), lastVersion, config.version())) {
            return upgrade(request, eventLoop, config, shape, principal, lastVersion, forwardedClient);
        }
        // A version this instance never served: another may have, and shared it through the backplane.
        request.pause();
        return deps.remoteVersions()
                .learn(config.key(), lastVersion)
                .transform(ignored -> Future.<Void>future(promise -> eventLoop.runOnContext(again -> {
                    request.resume();
                    upgrade(request, eventLoop, config, shape, principal, lastVersion, forwardedClient)
                            .onComplete(promise);
                })));
    }

    private Future<Void> upgrade(
            HttpServerRequest request,
            Context eventLoop,
            ResolvedConfig config,
            Shape shape,
            Principal principal,
            String lastVersion,
            String forwardedClient) {
        return takeover.upgrade(request).map(socket -> {
            start(socket, eventLoop, config, shape, principal, lastVersion, forwardedClient);
            return null;
        });
    }

    private void start(
            ClientSocket socket,
            Context eventLoop,
            ResolvedConfig config,
            Shape shape,
            Principal principal,
            String lastVersion,
            String forwardedClient) {
        long id = sessionIds.incrementAndGet();
        Session session = new Session(id, socket, eventLoop, config.key(), shape, principal, deps, forwardedClient);
        deps.metrics().opened();
        ConnectionLog.info(
                LOG,
                "ws open",
                kv("id", id),
                kv("key", config.key().toString()),
                session.remoteField(),
                kv("shape", shape.name().toLowerCase(java.util.Locale.ROOT)),
                kv("principal", principal.name()),
                session.proxyField());
        boolean newKey = !deps.registry().isConnected(config.key());
        try {
            session.start(config, lastVersion);
            // A resolution that finished after the upgrade read the cache but before the session registered was
            // not recorded (nobody followed the key): it reaches the session now, as a change.
            deps.changes().catchUp(config.key());
            if (newKey) {
                // A key that only now has a client of its own becomes visible to pattern subscribers: they get
                // its snapshot as they would a change (those that hold it already ignore it).
                deps.history().current(config.key()).ifPresent(broadcaster::announce);
            }
        } catch (RuntimeException e) {
            // A bug, not the client's fault: say so in the log and close with "internal error".
            LOG.error("ws session {} failed to start", id, e);
            socket.close((short) 1011, "internal error");
        }
    }

    /**
     * Checks the principal of every open connection again, after the authorizer's settings were reloaded:
     * connections whose credentials are no longer accepted are sent {@code FORBIDDEN} and closed (1008); the
     * others take their new grants (patterns and keys they may no longer read are dropped, each with a
     * {@code FORBIDDEN}). Each session is checked on its own event loop. A session that starts meanwhile is
     * checked when it starts, or by the next heartbeat sweep at the latest.
     *
     * @return completes, with what happened, once every session has been checked
     */
    public Future<Reauthorized> reauthorize() {
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger narrowed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        return deps.registry()
                .forEachSession(session -> session.reauthorize().map(outcome -> {
                    checked.incrementAndGet();
                    switch (outcome) {
                        case NARROWED -> narrowed.incrementAndGet();
                        case CLOSED -> closed.incrementAndGet();
                        case KEPT -> {}
                    }
                    return null;
                }))
                .map(ignored -> new Reauthorized(checked.get(), narrowed.get(), closed.get()));
    }

    /**
     * What {@link #reauthorize()} did.
     *
     * @param checked the connections checked
     * @param narrowed those that lost patterns or keys they may no longer read
     * @param closed those closed because their credentials are no longer accepted or their key not readable
     */
    public record Reauthorized(int checked, int narrowed, int closed) {}

    /**
     * Tells every client to reconnect later (with a jittered delay) and closes every socket with 1001.
     *
     * @return completes when every socket has been closed
     */
    public Future<Void> shutdown() {
        return deps.registry().forEachSession(Session::closeForShutdown);
    }
}
