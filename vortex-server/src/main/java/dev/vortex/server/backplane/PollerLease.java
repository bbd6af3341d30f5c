package dev.vortex.server.backplane;

import dev.vortex.core.Sha256;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one poller among the instances that share a Git remote and a backplane: a Redis key holding the
 * poller's instance id, taken with {@code SET key id NX PX ttl}, renewed by its holder with a compare-and-set
 * script (only the holder may extend it), deleted the same way on a clean shutdown.
 *
 * <p>Timing, for a lease {@code period}: the key expires {@code 2/3 period} after its last renewal, and every
 * instance acts every {@code period/3} (the holder renews, the others try to take it). So a holder survives one
 * lost renewal, and when it dies another instance holds the key within one period.
 *
 * <p>Exclusivity is an optimisation, not a safety property: what must never happen is that no instance polls
 * while changes can be missed. So {@link #pollsNow()} is true not only for the holder, but also whenever this
 * instance cannot tell (no answer from Redis for longer than the key's lifetime, or the backplane's reader is
 * disconnected, so that the holder's announcements could not reach it): then it polls on its own, as a single
 * instance does. Two pollers for a moment cost one more fetch; none would lose a change. Likewise an instance
 * whose own fetches fail (its network to the remote, its credentials) neither keeps nor takes the lease, so
 * that an instance that can fetch polls for everyone, and it polls on its own until it recovers.
 *
 * <p>Threading: the timer and the Redis answers run on one Vert.x context; {@link #pollsNow()} and the health
 * read volatile fields from any thread.
 */
final class PollerLease implements PollingTurn {
    private static final Logger LOG = LoggerFactory.getLogger(PollerLease.class);

    /** Extends the key only while it still holds this instance's id (compare-and-set). */
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then"
            + " return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    /** Deletes the key only while it still holds this instance's id. */
    private static final String RELEASE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private static final Duration UNANSWERED = Duration.ofSeconds(5);

    private final Context context;
    private final Redis redis;
    private final String key;
    private final String instanceId;
    private final long ttlMillis;
    private final long tickMillis;
    private final Clock clock;
    private final BooleanSupplier backplaneConnected;
    private final BooleanSupplier sourceUp;
    private final Runnable acquired;
    private final long timerId;

    // Written on the context only.
    private volatile boolean held;
    private volatile long lastAnswerMillis = Long.MIN_VALUE;
    private volatile boolean closed;
    private boolean asking;

    /**
     * @param context where the timer and answers run
     * @param redis the client of the backplane's Redis
     * @param key the lease's key (see {@link #key})
     * @param instanceId the value the holder writes
     * @param period the lease period: a dead holder is replaced within it
     * @param clock where the time comes from, to judge how fresh the last answer is
     * @param backplaneConnected whether the backplane's reader hears other instances right now
     * @param sourceUp whether this instance's last fetch succeeded
     * @param acquired runs (on the context) each time this instance becomes the poller, so that it polls at once
     *     instead of waiting for its next interval (the previous holder may have died just before a poll)
     * @param registry where the {@code vortex_git_lease_held} gauge goes
     */
    PollerLease(
            Context context,
            Redis redis,
            String key,
            String instanceId,
            Duration period,
            Clock clock,
            BooleanSupplier backplaneConnected,
            BooleanSupplier sourceUp,
            Runnable acquired,
            MeterRegistry registry) {
        this.context = context;
        this.redis = redis;
        this.key = Objects.requireNonNull(key, "key");
        this.instanceId = instanceId;
        this.ttlMillis = Math.max(1, period.toMillis() * 2 / 3);
        this.tickMillis = Math.max(1, period.toMillis() / 3);
        this.clock = clock;
        this.backplaneConnected = backplaneConnected;
        this.sourceUp = sourceUp;
        this.acquired = acquired;
        Gauge.builder("vortex.git.lease.held", this, lease -> lease.held ? 1 : 0)
                .description("1 while this instance is the elected poller of its Git remote")
                .register(registry);
        this.timerId = context.owner().setPeriodic(0, tickMillis, ignored -> context.runOnContext(again -> tick()));
    }

    /**
     * The lease's key: the stream's name (instances sharing a stream announce to each other) and a hash of the
     * remotes, with any user and password removed first, so that credentials never appear in Redis and
     * instances that use different credentials for one remote still share one poller.
     */
    static String key(String stream, List<String> remotes) {
        TreeSet<String> bare = new TreeSet<>();
        for (String remote : remotes) {
            bare.add(remote.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1"));
        }
        byte[] hash = Sha256.newDigest().digest(String.join("\n", bare).getBytes(StandardCharsets.UTF_8));
        return stream + ":git-poller:" + HexFormat.of().formatHex(hash, 0, 16);
    }

    @Override
    public boolean pollsNow() {
        if (held || !backplaneConnected.getAsBoolean() || !sourceUp.getAsBoolean()) {
            return true;
        }
        // A follower's knowledge that another holds the key lasts as long as the key could.
        return lastAnswerMillis == Long.MIN_VALUE || clock.millis() - lastAnswerMillis > ttlMillis;
    }

    /** Whether this instance holds the lease, as Redis last answered. */
    boolean held() {
        return held;
    }

    /** For the backplane's health details. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", key);
        details.put("held", held);
        details.put("polling", pollsNow());
        return details;
    }

    private void tick() {
        if (closed || asking) {
            return;
        }
        if (!sourceUp.getAsBoolean()) {
            if (held) {
                // This instance cannot fetch: let one that can poll for everyone (pollsNow keeps this one
                // polling on its own meanwhile).
                held = false;
                LOG.warn("this instance's Git fetches fail: giving the poller lease {} up", key);
                release();
            }
            return;
        }
        asking = true;
        long askedAt = clock.millis();
        boolean wasHeld = held;
        Future<Response> answer = wasHeld
                ? redis.send(Request.cmd(Command.EVAL)
                        .arg(RENEW)
                        .arg(1)
                        .arg(key)
                        .arg(instanceId)
                        .arg(ttlMillis))
                : redis.send(Request.cmd(Command.SET)
                        .arg(key)
                        .arg(instanceId)
                        .arg("NX")
                        .arg("PX")
                        .arg(ttlMillis));
        answer.timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS).onComplete(result -> {
            asking = false;
            if (closed) {
                return;
            }
            if (result.failed()) {
                // Unknown: a holder goes on polling; a follower polls too once the last answer is older than
                // the key's lifetime (pollsNow).
                LOG.debug(
                        "git poller lease {} not answered: {}",
                        key,
                        result.cause().toString());
                return;
            }
            lastAnswerMillis = askedAt;
            Response reply = result.result();
            boolean holds = wasHeld ? reply != null && reply.toInteger() == 1 : reply != null;
            held = holds;
            if (holds && !wasHeld) {
                LOG.info("this instance polls the Git remote now (lease {})", key);
                acquired.run();
            } else if (!holds && wasHeld) {
                LOG.info("another instance polls the Git remote now (lease {})", key);
            }
        });
    }

    private Future<Response> release() {
        return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(instanceId))
                .timeout(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops taking part and gives the lease up if held. Blocks up to a few seconds: not on an event loop. */
    @Override
    public void close() {
        closed = true;
        context.owner().cancelTimer(timerId);
        if (held) {
            held = false;
            try {
                release().toCompletionStage().toCompletableFuture().get(UNANSWERED.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // It expires by itself within the period.
                LOG.debug("releasing git poller lease {} failed: {}", key, e.toString());
            }
        }
    }
}
