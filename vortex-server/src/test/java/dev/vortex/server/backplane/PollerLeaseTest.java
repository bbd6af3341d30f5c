package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two leases on one key of a private Redis, with a clock the test moves: whether each polls is decided by the
 * lease's answers and the clock, so that "no answer for longer than the key's lifetime" is driven, not waited for.
 */
class PollerLeaseTest {
    /** The key lives 2 s, each instance acts every second (real time, for the Redis round trips). */
    private static final Duration PERIOD = Duration.ofSeconds(3);

    @Test
    void oneHoldsAndPolls_theOtherDoesNot_untilItHearsNothingForLongerThanTheKeysLifetime() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start()) {
            Vertx vertx = Vertx.vertx();
            Redis client = Redis.createClient(vertx, redis.uri());
            MutableClock clock = new MutableClock(Instant.parse("2026-11-30T00:00:00Z"));
            AtomicInteger acquisitions = new AtomicInteger();
            PollerLease a = lease(vertx, client, "a", clock, acquisitions);
            PollerLease b = lease(vertx, client, "b", clock, acquisitions);
            try {
                Awaitility.await("one holder, and an answer for the other")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> a.held() != b.held() && !(a.held() ? b : a).pollsNow());
                PollerLease holder = a.held() ? a : b;
                PollerLease follower = a.held() ? b : a;
                assertThat(holder.pollsNow()).isTrue();
                assertThat(acquisitions).hasValue(1);

                // Redis stops answering; once the key could have expired unseen, the follower polls on its own.
                redis.freeze();
                clock.advance(Duration.ofMillis(1_900));
                assertThat(follower.pollsNow()).isFalse();
                clock.advance(Duration.ofMillis(200));
                assertThat(follower.pollsNow()).isTrue();
                assertThat(holder.pollsNow()).isTrue();

                redis.thaw();
                Awaitility.await("the follower hears of the holder again")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> !follower.pollsNow());
                assertThat(holder.held()).isTrue();
            } finally {
                redis.thaw();
                a.close();
                b.close();
                vertx.close();
            }
        }
    }

    private static PollerLease lease(
            Vertx vertx, Redis client, String id, MutableClock clock, AtomicInteger acquisitions) {
        return new PollerLease(
                vertx.getOrCreateContext(),
                client,
                "lease-test:git-poller:k",
                id,
                PERIOD,
                clock,
                () -> true,
                () -> true,
                acquisitions::incrementAndGet,
                new SimpleMeterRegistry());
    }
}
