package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three instances over the shared Redis, each test on a stream of its own. */
class RedisBackplaneTest {

    @TempDir
    Path dir;

    @Test
    void aChangeDetectedByOneInstanceReachesTheClientsOfEveryInstanceOnce() throws Exception {
        try (Cluster cluster = Cluster.start(dir, TestRedis.shared(), TestRedis.uniqueStream())) {
            WsTestClient a = cluster.follow(0);
            WsTestClient b = cluster.follow(1);
            WsTestClient c = cluster.follow(2);

            int first = cluster.editDetectedBy(0);
            cluster.awaitEveryClientAt(first);
            int second = cluster.editDetectedBy(2);
            cluster.awaitEveryClientAt(second);

            // B and C caught up through their own source, so everyone holds the same version...
            assertThat(b.version("orders", "default", "main")).isEqualTo(a.version("orders", "default", "main"));
            assertThat(c.version("orders", "default", "main")).isEqualTo(a.version("orders", "default", "main"));
            // ...and each client got each change exactly once, in a chain: no echo from the instances that
            // caught up, and the detecting instance's own entry is not delivered a second time.
            for (WsTestClient client : List.of(a, b, c)) {
                client.drain(Duration.ofSeconds(1));
                assertThat(changes(client)).hasSize(2);
                assertThat(client.violations()).isEmpty();
            }
        }
    }

    @Test
    void anEntryThatIsNotAChangeIsSkipped_andChangesFlowOn() throws Exception {
        String stream = TestRedis.uniqueStream();
        try (Cluster cluster = Cluster.start(dir, TestRedis.shared(), stream)) {
            cluster.follow(1);
            Vertx vertx = Vertx.vertx();
            try {
                TestRedis.send(
                        vertx,
                        TestRedis.SHARED,
                        Request.cmd(Command.XADD)
                                .arg(stream)
                                .arg("*")
                                .arg("app")
                                .arg("orders"));
            } finally {
                vertx.close();
            }
            cluster.awaitEveryClientAt(cluster.editDetectedBy(0));
            assertThat(cluster.clients().get(0).violations()).isEmpty();
        }
    }

    @Test
    void aClientResumesOnAnInstanceThatNeverServedItsVersion_withADiff() throws Exception {
        String stream = TestRedis.uniqueStream();
        String redis = TestRedis.shared();
        try (Cluster cluster = Cluster.start(dir, redis, stream)) {
            HeldOnA held = aVersionOnlyAServed(cluster, redis, stream);

            WsTestClient onD = cluster.connect(held.d(), "/ws/orders/default?last_version=" + held.version());
            onD.hold("orders", "default", "main", held.config(), held.version());
            JsonNode first = onD.next();
            assertThat(first.path("type").asText()).isEqualTo("config_change");
            assertThat(first.path("old_version").asText()).isEqualTo(held.version());
            assertThat(maxItems(onD)).isEqualTo(held.latest());
            assertThat(onD.violations()).isEmpty();

            // A version nobody shared still gets a snapshot.
            WsTestClient unknown = cluster.connect(held.d(), "/ws/orders/default?last_version=0123456789abcdef");
            assertThat(unknown.next().path("type").asText()).isEqualTo("config_snapshot");
        }
    }

    @Test
    void aResyncOnAnInstanceThatNeverServedTheVersion_getsADiffFromIt() throws Exception {
        String stream = TestRedis.uniqueStream();
        String redis = TestRedis.shared();
        try (Cluster cluster = Cluster.start(dir, redis, stream)) {
            HeldOnA held = aVersionOnlyAServed(cluster, redis, stream);
            WsTestClient onD = cluster.connect(held.d(), "/ws/orders/default");
            assertThat(onD.next().path("type").asText()).isEqualTo("config_snapshot");

            // As a client that went back to the version it got from A (a reload of its own state).
            onD.hold("orders", "default", "main", held.config(), held.version());
            onD.send("{\"type\":\"resync\",\"last_version\":\"" + held.version() + "\"}");
            JsonNode change = onD.next();
            assertThat(change.path("type").asText()).isEqualTo("config_change");
            assertThat(change.path("old_version").asText()).isEqualTo(held.version());
            assertThat(maxItems(onD)).isEqualTo(held.latest());

            // Naming the key explicitly takes the same path; a version nobody shared still gets a snapshot.
            onD.hold("orders", "default", "main", held.config(), held.version());
            onD.send("{\"type\":\"resync\",\"last_version\":\"" + held.version()
                    + "\",\"app\":\"orders\",\"profile\":\"default\",\"label\":\"main\"}");
            assertThat(onD.next().path("old_version").asText()).isEqualTo(held.version());
            onD.send("{\"type\":\"resync\",\"last_version\":\"0123456789abcdef\"}");
            assertThat(onD.next().path("type").asText()).isEqualTo("config_snapshot");
            assertThat(onD.violations()).isEmpty();
        }
    }

    @Test
    void healthShowsTheBackplaneAndPrometheusItsMeters() throws Exception {
        try (Cluster cluster = Cluster.start(dir, TestRedis.shared(), TestRedis.uniqueStream())) {
            cluster.follow(1);
            cluster.awaitEveryClientAt(0);
            cluster.editDetectedBy(0);
            cluster.awaitEveryClientAt(1);

            JsonNode health = cluster.health(1);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            JsonNode backplane = health.path("components").path("backplane");
            assertThat(backplane.path("status").asText()).isEqualTo("UP");
            assertThat(backplane.path("details").path("type").asText()).isEqualTo("redis");
            assertThat(backplane.path("details").path("address").asText()).isEqualTo(TestRedis.SHARED);

            // An instance also publishes the config a key's first WebSocket client starts from (so that a client
            // resuming from it elsewhere gets a diff), so the counters are compared before and after one more edit.
            double publishedByA = cluster.metric(0, "vortex_backplane_published_total");
            double receivedByB = cluster.metric(1, "vortex_backplane_received_total");
            cluster.editDetectedBy(0);
            cluster.awaitEveryClientAt(2);
            Awaitility.await().atMost(Cluster.CONVERGENCE).untilAsserted(() -> {
                assertThat(cluster.metric(0, "vortex_backplane_published_total"))
                        .isGreaterThan(publishedByA);
                assertThat(cluster.metric(1, "vortex_backplane_received_total")).isGreaterThan(receivedByB);
            });
            assertThat(cluster.metric(1, "vortex_backplane_lag_seconds_count")).isPositive();
            assertThat(cluster.metric(1, "vortex_backplane_connected")).isEqualTo(1.0);
            assertThat(cluster.metric(1, "vortex_backplane_reconnects_total")).isZero();
        }
    }

    /**
     * What a client of A held before A detected one more edit, the value of that edit, and instance D, started
     * after both edits, so that it has only ever seen the latest version.
     */
    private record HeldOnA(String version, JsonNode config, int latest, int d) {}

    private HeldOnA aVersionOnlyAServed(Cluster cluster, String redis, String stream) throws Exception {
        WsTestClient onA = cluster.follow(0);
        cluster.awaitEveryClientAt(cluster.editDetectedBy(0));
        String held = onA.version("orders", "default", "main");
        JsonNode heldConfig = onA.config("orders", "default", "main");
        onA.close();
        cluster.clients().remove(onA);
        int latest = cluster.editDetectedBy(0);
        return new HeldOnA(held, heldConfig, latest, cluster.startInstance(dir, redis, stream));
    }

    private static int maxItems(WsTestClient client) {
        return client.config("orders", "default", "main")
                .path("orders")
                .path("max-items")
                .asInt();
    }

    private static List<JsonNode> changes(WsTestClient client) {
        return client.received().stream()
                .filter(message -> message.path("type").asText().equals("config_change"))
                .toList();
    }
}
