package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ConfigKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backplane of several instances: each change an instance detects is delivered to its own sessions at
 * once and appended to a Redis stream; every instance reads the stream and catches up on the others'
 * changes through {@link RemoteChanges}.
 *
 * <p>Why a stream rather than pub/sub: pub/sub forgets a message sent while a subscriber's connection is
 * down, so every reconnect would need a full catch-up; a stream keeps the last {@value #MAX_LEN} entries
 * (trimmed with {@code MAXLEN ~}), and a reader resumes from the last id it processed, so a dropped
 * connection loses nothing. What a stream cannot cover (a Redis restarted without persistence, a backlog
 * trimmed past the reader) is covered by {@link RemoteChanges#missed()} after every reconnect.
 *
 * <p>Threading: the reader runs on one Vert.x context (an event loop) with a connection of its own, blocked
 * in {@code XREAD BLOCK} without blocking the loop; publishing may happen on any thread and uses a second
 * client's pooled connection. Entries that cannot be sent while Redis is unreachable wait in a backlog (the
 * newest version per key, at most {@value #MAX_BACKLOG} keys; past that, a marker tells every instance to
 * catch up) and are sent after the reconnect.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);
    /** Entries kept in the stream: far more than the changes of one outage of a few minutes. */
    static final long MAX_LEN = 10_000;

    private static final int MAX_BACKLOG = 10_000;
    /** How long a config stays findable for a client resuming on another instance. */
    static final Duration REMEMBERED_FOR = Duration.ofHours(1);
    /** Configs larger than this are not shared: a client resuming from one elsewhere gets a snapshot. */
    private static final int MAX_REMEMBERED_BYTES = 1 << 20;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MERGED =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final int READ_COUNT = 100;
    private static final Duration BLOCK = Duration.ofSeconds(2);
    /**
     * How long a command may go unanswered before its connection is taken for dead: a Redis host that
     * vanished without closing its sockets would otherwise leave the reader waiting forever (a blocking read
     * answers within {@link #BLOCK} whatever happens, so anything much longer is a dead connection).
     */
    private static final Duration UNANSWERED = Duration.ofSeconds(10);

    private static final String BEFORE_EVERYTHING = "0-0";

    private final LocalBackplane local = new LocalBackplane();
    private final RedisAddress address;
    private final String stream;
    private final String instanceId = UUID.randomUUID().toString();
    private final Context context;
    private final Redis publisher;
    private final Redis readerClient;
    private final FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    private final Map<ConfigKey, String> backlog = new LinkedHashMap<>();
    private final Map<ConfigKey, String> receivedVersions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConfigKey, String> eldest) {
            return size() > MAX_BACKLOG;
        }
    };
    private final Counter published;
    private final Counter received;
    private final Counter reconnects;
    private final Counter publishFailures;
    private final Timer lag;
    private final MeterRegistry registry;

    private RemoteChanges remote;
    // The reader's state: touched only on the context.
    private RedisConnection reader;
    private String lastId;
    private long generation;
    private boolean backlogOverflowed;
    private boolean sourceMovedPending;
    private PollerLease lease;
    private volatile boolean connected;
    private volatile boolean closed;

    /**
     * @param vertx whose event loop runs the reader
     * @param address the Redis server
     * @param stream the stream's key; instances that serve the same configs share one
     * @param registry where the {@code vortex_backplane_*} meters go
     */
    public RedisBackplane(Vertx vertx, RedisAddress address, String stream, MeterRegistry registry) {
        this.address = Objects.requireNonNull(address, "address");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.registry = registry;
        this.context = vertx.getOrCreateContext();
        RedisOptions options = new RedisOptions()
                .setConnectionString(address.uri())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2);
        this.publisher = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(2));
        // The reader's connection sits in XREAD BLOCK: it must never be one a publish waits for.
        this.readerClient = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1));
        this.published = Counter.builder("vortex.backplane.published")
                .description("changes this instance appended to the backplane")
                .register(registry);
        this.received = Counter.builder("vortex.backplane.received")
                .description("changes other instances detected, read from the backplane")
                .register(registry);
        this.reconnects = Counter.builder("vortex.backplane.reconnects")
                .description("reconnections to the backplane after a lost connection")
                .register(registry);
        this.publishFailures = Counter.builder("vortex.backplane.publish.failures")
                .description("appends that failed and went to the backlog")
                .register(registry);
        this.lag = Timer.builder("vortex.backplane.lag")
                .description("from an entry's append (its id's time) to its reading on this instance")
                .register(registry);
        Gauge.builder("vortex.backplane.connected", this, backplane -> backplane.connected ? 1 : 0)
                .description("1 while the backplane's reader is connected")
                .register(registry);
    }

    /** This instance's id in the stream's entries. */
    public String instanceId() {
        return instanceId;
    }

    /** The name the reader's connection gives itself ({@code CLIENT SETNAME}), for operators. */
    public String readerName() {
        return "vortex-reader-" + instanceId;
    }

    @Override
    public void publish(ConfigChangeEvent event) {
        local.publish(event);
        ConfigKey key = event.key();
        String version = event.current().version();
        synchronized (receivedVersions) {
            if (version.equals(receivedVersions.remove(key))) {
                // This instance caught up with another's change: that one already told everybody.
                return;
            }
        }
        append(new StreamEntry(instanceId, key, version));
        remember(event);
    }

    /**
     * Keeps the new config where other instances can find it for a client resuming from it there; not a config
     * holding decrypted secrets, which would then sit in Redis in plain text (a client resuming such a key on
     * another instance gets a snapshot instead of a diff).
     */
    private void remember(ConfigChangeEvent event) {
        if (event.current().decrypted()) {
            return;
        }
        byte[] merged;
        try {
            merged = JSON.writeValueAsBytes(event.current().merged());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return;
        }
        if (merged.length > MAX_REMEMBERED_BYTES) {
            return;
        }
        publisher
                .send(Request.cmd(Command.SET)
                        .arg(configKey(event.key(), event.current().version()))
                        .arg(merged)
                        .arg("EX")
                        .arg(REMEMBERED_FOR.toSeconds()))
                .timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<Optional<Map<String, Object>>> recall(ConfigKey key, String version) {
        return publisher
                .send(Request.cmd(Command.GET).arg(configKey(key, version)))
                .timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS)
                .map(reply -> {
                    if (reply == null) {
                        return Optional.<Map<String, Object>>empty();
                    }
                    try {
                        Map<String, Object> merged = JSON.readValue(reply.toBytes(), MERGED);
                        return Optional.of(merged);
                    } catch (java.io.IOException e) {
                        return Optional.<Map<String, Object>>empty();
                    }
                })
                .otherwise(Optional.empty());
    }

    private String configKey(ConfigKey key, String version) {
        return stream + ":config:" + key + ":" + version;
    }

    private void append(StreamEntry entry) {
        Request xadd = Request.cmd(Command.XADD)
                .arg(stream)
                .arg("MAXLEN")
                .arg("~")
                .arg(MAX_LEN)
                .arg("*");
        publisher
                .send(entry.appendTo(xadd))
                .timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        published.increment();
                    } else {
                        publishFailures.increment();
                        keepForLater(entry);
                    }
                });
    }

    private void keepForLater(StreamEntry entry) {
        synchronized (backlog) {
            if (entry.isSourceMoved()) {
                sourceMovedPending = true;
            } else if (entry.isMarker()) {
                backlogOverflowed = true;
            } else if (backlog.size() < MAX_BACKLOG || backlog.containsKey(entry.key())) {
                backlog.put(entry.key(), entry.version());
            } else {
                backlogOverflowed = true;
            }
        }
    }

    private void sendBacklog() {
        List<StreamEntry> entries = new ArrayList<>();
        synchronized (backlog) {
            if (backlogOverflowed) {
                entries.add(StreamEntry.missed(instanceId));
                backlogOverflowed = false;
            }
            if (sourceMovedPending) {
                entries.add(StreamEntry.sourceMoved(instanceId));
                sourceMovedPending = false;
            }
            backlog.forEach((key, version) -> entries.add(new StreamEntry(instanceId, key, version)));
            backlog.clear();
        }
        entries.forEach(this::append);
    }

    @Override
    public void announceSourceMoved() {
        append(StreamEntry.sourceMoved(instanceId));
    }

    /**
     * Elects the poller with a Redis lease ({@link PollerLease}); the instances of this backplane whose
     * {@code remotes} are the same take part in one election.
     */
    @Override
    public synchronized PollingTurn pollingTurn(
            List<String> remotes,
            Duration period,
            java.time.Clock clock,
            java.util.function.BooleanSupplier sourceUp,
            Runnable acquired) {
        if (lease != null) {
            throw new IllegalStateException("one polling turn per backplane");
        }
        lease = new PollerLease(
                context,
                publisher,
                PollerLease.key(stream, remotes),
                instanceId,
                period,
                clock,
                () -> connected,
                sourceUp,
                acquired,
                registry);
        return lease;
    }

    @Override
    public void subscribe(Consumer<ConfigChangeEvent> receiver) {
        local.subscribe(receiver);
    }

    @Override
    public void connect(RemoteChanges remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
        context.runOnContext(ignored -> openReader());
    }

    private void openReader() {
        if (closed) {
            return;
        }
        long attempt = ++generation;
        readerClient
                .connect()
                .compose(connection -> {
                    reader = connection;
                    connection.exceptionHandler(failure -> lost(attempt, failure));
                    connection.endHandler(ignored -> lost(attempt, new IllegalStateException("connection closed")));
                    return connection
                            .send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(readerName()))
                            .compose(ignored -> startingId(connection));
                })
                .timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(id -> {
                    boolean recovered = backoff.retrying() || lastId != null;
                    lastId = id;
                    connected = true;
                    backoff.reset();
                    if (recovered) {
                        reconnects.increment();
                        LOG.info("backplane {} reconnected; resuming stream {} after {}", address, stream, id);
                        // Whatever a restarted Redis or a trimmed stream lost, clients converge anyway.
                        remote.missed();
                    } else {
                        LOG.info("backplane {} connected; reading stream {} after {}", address, stream, id);
                    }
                    sendBacklog();
                    read(attempt);
                })
                .onFailure(failure -> lost(attempt, failure));
    }

    /** Where to start reading: after the last entry processed, or (at start) after the stream's newest. */
    private Future<String> startingId(RedisConnection connection) {
        if (lastId != null) {
            return Future.succeededFuture(lastId);
        }
        return connection
                .send(Request.cmd(Command.XREVRANGE)
                        .arg(stream)
                        .arg("+")
                        .arg("-")
                        .arg("COUNT")
                        .arg(1))
                .map(newest -> newest == null || newest.size() == 0
                        ? BEFORE_EVERYTHING
                        : newest.get(0).get(0).toString());
    }

    private void read(long attempt) {
        if (closed || attempt != generation) {
            return;
        }
        reader.send(Request.cmd(Command.XREAD)
                        .arg("COUNT")
                        .arg(READ_COUNT)
                        .arg("BLOCK")
                        .arg(BLOCK.toMillis())
                        .arg("STREAMS")
                        .arg(stream)
                        .arg(lastId))
                .timeout(BLOCK.plus(UNANSWERED).toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(reply -> {
                    if (attempt != generation) {
                        return;
                    }
                    if (reply != null) {
                        // RESP2: [[stream, [[id, [field, value, ...]], ...]]]
                        for (Response entry : reply.get(0).get(1)) {
                            receive(entry.get(0).toString(), entry.get(1));
                        }
                    }
                    sendBacklog();
                    read(attempt);
                })
                .onFailure(failure -> lost(attempt, failure));
    }

    private void receive(String id, Response fields) {
        lastId = id;
        StreamEntry entry;
        try {
            entry = StreamEntry.parse(fields);
        } catch (RuntimeException e) {
            LOG.warn("skipping backplane entry {} of stream {}: {}", id, stream, e.getMessage());
            return;
        }
        if (entry.origin().equals(instanceId)) {
            return;
        }
        received.increment();
        lag.record(Math.max(0, System.currentTimeMillis() - idMillis(id)), TimeUnit.MILLISECONDS);
        if (entry.isSourceMoved()) {
            remote.sourceMoved();
            return;
        }
        if (entry.isMarker()) {
            remote.missed();
            return;
        }
        synchronized (receivedVersions) {
            receivedVersions.put(entry.key(), entry.version());
        }
        remote.changed(entry.key(), entry.version());
    }

    private void lost(long attempt, Throwable failure) {
        if (closed || attempt != generation) {
            return;
        }
        generation++;
        boolean wasConnected = connected;
        connected = false;
        if (reader != null) {
            reader.close();
            reader = null;
        }
        long delay = backoff.nextDelayMillis();
        // One warning per outage, not one per attempt.
        if (wasConnected || lastId == null) {
            LOG.warn(
                    "backplane {} unreachable ({}); local changes are still delivered here; retrying with backoff",
                    address,
                    failure.getMessage());
        } else {
            LOG.debug("backplane {} still unreachable ({}); retrying in {} ms", address, failure.getMessage(), delay);
        }
        context.owner().setTimer(delay, ignored -> context.runOnContext(again -> openReader()));
    }

    private static long idMillis(String id) {
        int dash = id.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        } catch (NumberFormatException e) {
            return System.currentTimeMillis();
        }
    }

    @Override
    public BackplaneHealth health() {
        int waiting;
        synchronized (backlog) {
            waiting = backlog.size();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", "redis");
        details.put("address", address.display());
        details.put("stream", stream);
        details.put("instance", instanceId);
        details.put("backlog", waiting);
        PollerLease poller;
        synchronized (this) {
            poller = lease;
        }
        if (poller != null) {
            details.put("gitPoller", poller.details());
        }
        return new BackplaneHealth(connected, details);
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        local.close();
        context.runOnContext(ignored -> {
            if (reader != null) {
                reader.close();
            }
            readerClient.close();
            publisher.close();
        });
    }
}
