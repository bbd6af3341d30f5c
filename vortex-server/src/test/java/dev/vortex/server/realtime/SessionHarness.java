package dev.vortex.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.DiscoveredKeys;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.ClientSocket;
import dev.vortex.server.realtime.wire.FrameDeflater;
import dev.vortex.server.security.ConnectionAuthorizer;
import dev.vortex.server.security.Principal;
import dev.vortex.sources.NativeConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sessions with every real collaborator (history, shared frames, registry, metrics) over Netty's
 * {@link EmbeddedChannel} instead of a network socket, on one real Vert.x event loop, with a clock the test
 * moves. Everything that touches a session or its channel runs on that loop ({@link #onLoop}), as in the
 * server.
 */
final class SessionHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RealtimeSettings settings;
    final ConfigHistory history;
    final ConnectionRegistry registry;
    final SharedFrames frames;
    private final ServerMessages messages;
    private final RealtimeMetrics metrics;
    private final SessionDependencies deps;
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final ResolvedConfigCache cache;
    private long sequence;
    private long sessionIds;

    /**
     * @param settings the limits and timings of the sessions
     * @param emptyDirectory a directory for the cache's source (resyncs name keys through the cache)
     */
    SessionHarness(RealtimeSettings settings, Path emptyDirectory) {
        this.settings = settings;
        this.cache = new ResolvedConfigCache(NativeConfigSource.of(emptyDirectory), 100, meters);
        this.messages = new ServerMessages(clock);
        this.metrics = new RealtimeMetrics(meters);
        this.history = new ConfigHistory(settings.historyDepth(), 100);
        this.registry = new ConnectionRegistry(clock, settings, messages, metrics);
        this.frames = new SharedFrames(messages, FrameDeflater.DISABLED);
        PatternKeys patternKeys = new PatternKeys(new DiscoveredKeys(), registry);
        this.deps = new SessionDependencies(
                settings,
                clock,
                cache,
                history,
                new RemoteVersions(history, new dev.vortex.server.backplane.LocalBackplane()),
                frames,
                messages,
                metrics,
                registry,
                patternKeys,
                // The harness records resolutions itself ({@link #resolve}): catching up finds nothing more.
                new ChangeRecorder(
                        history,
                        new dev.vortex.server.backplane.LocalBackplane(),
                        registry,
                        patternKeys,
                        key -> new java.util.concurrent.CompletableFuture<>()),
                ConnectionAuthorizer.allowAll());
    }

    /** Records the next resolution of {@code key} in the history, as the endpoint does. */
    ResolvedConfig resolve(ConfigKey key, Map<String, Object> properties) {
        ResolvedConfig config = TestConfigs.config(key, ++sequence, properties);
        history.record(config, System.nanoTime());
        return config;
    }

    /** Opens a session of {@code key} (which must have been resolved), as a client holding {@code lastVersion}. */
    Client open(ConfigKey key, String lastVersion) {
        return onLoop(() -> {
            EmbeddedChannel channel = new EmbeddedChannel();
            ClientSocket socket = new ClientSocket(
                    channel,
                    new ClientSocket.Shared(settings.maxFrameBytesOnTheWire(), meters.counter("inflated")),
                    false);
            channel.pipeline().addLast(socket);
            Session session =
                    new Session(++sessionIds, socket, context, key, Shape.NESTED, Principal.ANONYMOUS, deps, null);
            session.start(history.current(key).orElseThrow(), lastVersion);
            return new Client(channel, session);
        });
    }

    /** Runs {@code action} on the sessions' event loop and waits for it. */
    <T> T onLoop(Callable<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the event loop task failed", e);
        }
    }

    /**
     * Runs one heartbeat sweep over {@code clients}' sessions at the clock's time, as the registry's timer does
     * over every session of its loop.
     */
    void sweep(Client... clients) {
        onLoop(() -> {
            HeartbeatSweep sweep = new HeartbeatSweep(clock.instant(), messages, metrics);
            for (Client client : clients) {
                client.session.heartbeat(sweep);
            }
            sweep.finish();
            return null;
        });
    }

    /** Delivers {@code config} to {@code client}'s session, as the broadcaster does. */
    void deliver(Client client, ResolvedConfig config) {
        onLoop(() -> {
            client.session.deliver(config);
            return null;
        });
    }

    @Override
    public void close() {
        cache.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }

    /** One session and the client end of its channel. */
    final class Client {
        final EmbeddedChannel channel;
        final Session session;

        Client(EmbeddedChannel channel, Session session) {
            this.channel = channel;
            this.session = session;
        }

        /** The client's end of the wire: its frame decoder reads what the server wrote. */
        private final EmbeddedChannel clientDecoder =
                new EmbeddedChannel(new WebSocket13FrameDecoder(false, true, 16 * 1024 * 1024));

        /** Sends a text message from the client (a masked frame, as a client writes it). */
        void send(String json) {
            onLoop(() -> {
                EmbeddedChannel clientEncoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
                clientEncoder.writeOutbound(new TextWebSocketFrame(json));
                for (Object bytes = clientEncoder.readOutbound(); bytes != null; bytes = clientEncoder.readOutbound()) {
                    channel.writeInbound(bytes);
                }
                return null;
            });
        }

        /**
         * Everything the session wrote since the last call, decoded: protocol messages as they are, a ping
         * frame as {@code {"frame":"ping"}}, a close frame as {@code {"frame":"close","code":..,"reason":..}}.
         */
        List<JsonNode> received() {
            return onLoop(() -> {
                List<JsonNode> received = new ArrayList<>();
                for (Object bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
                    clientDecoder.writeInbound(bytes);
                }
                for (Object message = clientDecoder.readInbound();
                        message != null;
                        message = clientDecoder.readInbound()) {
                    try {
                        received.add(decode(message));
                    } finally {
                        ReferenceCountUtil.release(message);
                    }
                }
                return received;
            });
        }

        /** The bytes of each write the session made since the last call (each flushed as written), undecoded. */
        List<byte[]> writes() {
            return onLoop(() -> {
                List<byte[]> writes = new ArrayList<>();
                for (Object bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
                    writes.add(ByteBufUtil.getBytes((ByteBuf) bytes));
                    ReferenceCountUtil.release(bytes);
                }
                return writes;
            });
        }

        /** The {@code type}s of {@link #received()}, or the frame kind for control frames. */
        List<String> receivedTypes() {
            return received().stream()
                    .map(message -> message.has("type")
                            ? message.get("type").asText()
                            : message.get("frame").asText())
                    .toList();
        }

        /** Makes the socket's write queue full (true) or drained (false), as a slow client would. */
        void backpressure(boolean full) {
            onLoop(() -> {
                channel.unsafe().outboundBuffer().setUserDefinedWritability(1, !full);
                channel.runPendingTasks();
                return null;
            });
        }
    }

    private static JsonNode decode(Object message) throws IOException {
        if (message instanceof TextWebSocketFrame text) {
            return JSON.readTree(text.text());
        }
        if (message instanceof PingWebSocketFrame) {
            return JSON.createObjectNode().put("frame", "ping");
        }
        if (message instanceof CloseWebSocketFrame close) {
            ObjectNode frame = JSON.createObjectNode().put("frame", "close");
            return frame.put("code", close.statusCode()).put("reason", close.reasonText());
        }
        throw new UncheckedIOException(new IOException("unexpected outbound message " + message));
    }
}
