package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis faults on a Redis of the test's own: a killed connection and a restart (empty, without persistence)
 * in the middle of a stream of changes. Local delivery goes on throughout, and afterwards every client of
 * every instance converges to the final version through an unbroken chain of changes.
 */
class RedisOutageTest {

    @TempDir
    Path dir;

    @Test
    void everyClientConvergesAcrossAKilledConnectionAndARedisRestart() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Cluster cluster = Cluster.start(dir, redis.uri(), TestRedis.uniqueStream())) {
            WsTestClient a = cluster.follow(0);
            cluster.follow(1);
            cluster.follow(2);
            cluster.awaitEveryClientAt(0);
            cluster.awaitEveryClientAt(cluster.editDetectedBy(0));

            // B's reader loses its connection: it reconnects and resumes from the last entry it read.
            String readerOfB = "vortex-reader-"
                    + cluster.health(1)
                            .path("components")
                            .path("backplane")
                            .path("details")
                            .path("instance")
                            .asText();
            redis.killClient(readerOfB);
            cluster.awaitEveryClientAt(cluster.editDetectedBy(0));

            // Redis goes away: A's own clients still get A's change; the instance reports the outage.
            redis.stop();
            int duringOutage = cluster.editDetectedBy(0);
            Awaitility.await().atMost(Cluster.CONVERGENCE).until(() -> {
                a.drain(Duration.ofMillis(50));
                return a.config("orders", "default", "main")
                                .path("orders")
                                .path("max-items")
                                .asInt()
                        == duringOutage;
            });
            Awaitility.await().atMost(Cluster.CONVERGENCE).untilAsserted(() -> {
                assertThat(cluster.health(1).path("status").asText()).isEqualTo("UP");
                assertThat(cluster.health(1)
                                .path("components")
                                .path("backplane")
                                .path("status")
                                .asText())
                        .isEqualTo("DOWN");
            });

            // Redis is back, empty: B and C catch up with the change they missed, then changes flow again.
            redis.restart();
            cluster.awaitEveryClientAt(duringOutage);
            cluster.awaitEveryClientAt(cluster.editDetectedBy(1));

            for (WsTestClient client : cluster.clients()) {
                assertThat(client.violations()).isEmpty();
                assertThat(client.version("orders", "default", "main"))
                        .isEqualTo(a.version("orders", "default", "main"));
            }
            Awaitility.await().atMost(Cluster.CONVERGENCE).untilAsserted(() -> assertThat(cluster.health(1)
                            .path("components")
                            .path("backplane")
                            .path("status")
                            .asText())
                    .isEqualTo("UP"));
        }
    }

    @Test
    void instancesStartWithoutRedis_andJoinWhenItComes() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start()) {
            redis.stop();
            try (Cluster cluster = Cluster.start(dir, redis.uri(), TestRedis.uniqueStream())) {
                cluster.follow(0);
                cluster.follow(1);
                assertThat(backplaneStatus(cluster, 1)).isEqualTo("DOWN");
                assertThat(cluster.health(1).path("status").asText()).isEqualTo("UP");
                // Detected while Redis is still away: delivered by A at once, by B once Redis is there.
                int beforeRedis = cluster.editDetectedBy(0);

                redis.restart();
                cluster.awaitEveryClientAt(beforeRedis);
                Awaitility.await()
                        .atMost(Cluster.CONVERGENCE)
                        .until(() -> backplaneStatus(cluster, 0).equals("UP")
                                && backplaneStatus(cluster, 1).equals("UP"));
                cluster.awaitEveryClientAt(cluster.editDetectedBy(0));
                for (WsTestClient client : cluster.clients()) {
                    assertThat(client.violations()).isEmpty();
                }
            }
        }
    }

    @Test
    void aRedisThatStopsAnsweringWithoutClosingItsConnectionsIsTakenForDown_andCaughtUpWith() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Cluster cluster = Cluster.start(dir, redis.uri(), TestRedis.uniqueStream())) {
            cluster.follow(0);
            cluster.follow(1);
            cluster.awaitEveryClientAt(cluster.editDetectedBy(0));

            redis.freeze();
            int whileFrozen = cluster.editDetectedBy(0);
            // The reader's blocking read is never answered: after its deadline the connection is given up.
            Awaitility.await().atMost(Cluster.CONVERGENCE).until(() -> backplaneStatus(cluster, 1)
                    .equals("DOWN"));
            redis.thaw();

            cluster.awaitEveryClientAt(whileFrozen);
            cluster.awaitEveryClientAt(cluster.editDetectedBy(1));
            for (WsTestClient client : cluster.clients()) {
                assertThat(client.violations()).isEmpty();
            }
        }
    }

    private static String backplaneStatus(Cluster cluster, int instance) {
        return cluster.health(instance)
                .path("components")
                .path("backplane")
                .path("status")
                .asText();
    }
}
