package dev.vortex.server.backplane;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the backplane tests talk to. The shared one ({@code 127.0.0.1:6379}) serves plain tests, each on a
 * stream of its own; a test that must kill Redis starts a {@link PrivateRedis}. Where Redis is missing the
 * tests are skipped with the reason, unless {@value #REQUIRED} is set ({@code .ci/run} sets it after starting
 * Redis), in which case they fail.
 */
final class TestRedis {
    static final String REQUIRED = "VORTEX_REQUIRE_REDIS";
    static final String SHARED = "redis://127.0.0.1:6379";

    private TestRedis() {}

    /** The shared Redis's address, once it answered a PING; skips (or fails in CI) when it does not. */
    static String shared() {
        Vertx vertx = Vertx.vertx();
        try {
            send(vertx, SHARED, Request.cmd(Command.PING));
            return SHARED;
        } catch (Exception e) {
            unavailable("no Redis at 127.0.0.1:6379 (" + e.getMessage() + ")");
            return null;
        } finally {
            vertx.close();
        }
    }

    /** A stream nobody else uses, so that tests running at once never see each other's changes. */
    static String uniqueStream() {
        return "vortex-test:" + UUID.randomUUID();
    }

    /** Sends one command over a short-lived client and waits for the answer. */
    static Response send(Vertx vertx, String uri, Request request) throws Exception {
        Redis client = Redis.createClient(vertx, uri);
        try {
            return client.send(request)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** Skips the test with {@code reason}, or fails it when Redis is required. */
    static void unavailable(String reason) {
        if (System.getenv(REQUIRED) != null) {
            throw new AssertionError(REQUIRED + " is set but " + reason);
        }
        System.out.println("skipping a Redis test: " + reason);
        Assumptions.abort(reason);
    }
}
