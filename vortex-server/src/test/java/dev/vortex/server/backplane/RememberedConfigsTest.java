package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The configs an instance keeps in Redis for clients resuming on another instance: never one holding values the
 * server decrypted, which would sit there in plain text (real Redis; the backplane as the server makes it).
 */
class RememberedConfigsTest {

    @Test
    void aConfigWithDecryptedSecrets_isNotKeptInRedis_anotherIs() throws Exception {
        String redis = TestRedis.shared();
        String stream = TestRedis.uniqueStream();
        Vertx vertx = Vertx.vertx();
        RedisBackplane backplane =
                new RedisBackplane(vertx, RedisAddress.parse(redis), stream, new SimpleMeterRegistry());
        try {
            ConfigKey secrets = new ConfigKey("payments", "prod", null);
            ConfigKey plain = new ConfigKey("orders", "prod", null);
            ResolvedConfig decrypted = config(secrets, Map.of("db.password", "s3cr3t-plain-text"), true);
            ResolvedConfig notDecrypted = config(plain, Map.of("orders.max-items", 50), false);

            backplane.publish(new ConfigChangeEvent(null, decrypted, System.nanoTime()));
            backplane.publish(new ConfigChangeEvent(null, notDecrypted, System.nanoTime()));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stored(vertx, redis, stream, plain, notDecrypted.version()) != null);
            assertThat(stored(vertx, redis, stream, plain, notDecrypted.version())
                            .toString())
                    .contains("orders.max-items");
            // Published first, on the same connection pool: had it been sent, it would be there by now.
            assertThat(stored(vertx, redis, stream, secrets, decrypted.version()))
                    .isNull();
            assertThat(scan(vertx, redis, stream + ":config:*").toString()).doesNotContain("payments");
        } finally {
            backplane.close();
            vertx.close();
        }
    }

    private static ResolvedConfig config(ConfigKey key, Map<String, Object> properties, boolean decrypted) {
        Environment environment = new Environment(
                key.application(), List.of("prod"), null, null, null, List.of(new PropertySource("file", properties)));
        return ResolvedConfig.of(key, environment, 1, decrypted);
    }

    private static Response stored(Vertx vertx, String redis, String stream, ConfigKey key, String version)
            throws Exception {
        return TestRedis.send(vertx, redis, Request.cmd(Command.GET).arg(stream + ":config:" + key + ":" + version));
    }

    private static Response scan(Vertx vertx, String redis, String pattern) throws Exception {
        return TestRedis.send(vertx, redis, Request.cmd(Command.KEYS).arg(pattern));
    }
}
