package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys only HTTP clients ask for are not change events: no stream entries for them, however many instances
 * resolve or re-resolve them; and a WebSocket client that comes to such a key later misses nothing.
 */
class HttpOnlyKeysTest {
    private static final String ORDERS = "/orders/default";

    @TempDir
    Path dir;

    @Test
    void httpOnlyKeysMakeNoStreamEntries_andTheirFirstWebSocketClientGetsEveryChangeInAChain() throws Exception {
        String stream = TestRedis.uniqueStream();
        String redis = TestRedis.shared();
        try (Cluster cluster = Cluster.start(dir, redis, stream)) {
            // A fleet restarting: every instance is asked for keys over HTTP, and one of them sees a commit
            // (which re-resolves the cached keys on every instance, through source-moved).
            for (int instance = 0; instance < 3; instance++) {
                TestClient http = new TestClient(cluster.server(instance).port());
                for (String path : List.of(ORDERS, "/orders/dev", "/billing/default")) {
                    assertThat(http.get(path).statusCode()).isEqualTo(200);
                }
            }
            int first = cluster.editDetectedBy(0);
            assertThat(maxItems(new TestClient(cluster.server(0).port()).getJson(ORDERS)))
                    .isEqualTo(first);

            // The first WebSocket client of a key makes the first entry: the config it starts from, which
            // peers may need for a client resuming from it there. Nothing came before it.
            WsTestClient client = cluster.follow(0);
            Cluster.awaitAt(client, first);
            Awaitility.await().atMost(Cluster.CONVERGENCE).until(() -> !changeEntries(redis, stream)
                    .isEmpty());
            assertThat(changeEntries(redis, stream))
                    .containsExactly("orders/default/main@" + client.version("orders", "default", "main"));

            // Every later change reaches it, each from the version it holds: one detected where it is
            // connected, and one detected by an instance where the key is HTTP-only (which publishes no change
            // of it, but tells the others its source moved).
            int second = cluster.editDetectedBy(0);
            Cluster.awaitAt(client, second);
            int third = cluster.editDetectedBy(1);
            Cluster.awaitAt(client, third);
            List<JsonNode> changes = client.received().stream()
                    .filter(message -> message.path("type").asText().equals("config_change"))
                    .toList();
            assertThat(changes).hasSize(2);
            assertThat(client.violations()).isEmpty();
            assertThat(changeEntries(redis, stream))
                    .noneMatch(entry -> entry.startsWith("billing/") || entry.startsWith("orders/dev/"));
        }
    }

    @Test
    void aResolutionFinishingWhileTheFirstClientOfAKeyConnects_stillReachesIt() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Cluster cluster = Cluster.start(dir, redis.uri(), TestRedis.uniqueStream())) {
            TestClient http = new TestClient(cluster.server(0).port());
            assertThat(maxItems(http.getJson(ORDERS))).isZero();
            double hits = cacheHits(http);

            // The window: the upgrade has read the cache, and its session is not registered yet. A client naming a
            // version this instance never served holds it open, while its look-up in a frozen Redis waits.
            redis.freeze();
            CompletableFuture<WsTestClient> connecting = CompletableFuture.supplyAsync(
                    () -> cluster.connect(0, "/ws/orders/default?last_version=0123456789abcdef"));
            try {
                Awaitility.await().atMost(Cluster.CONVERGENCE).until(() -> cacheHits(http) > hits);
                // A re-resolution completes meanwhile; nobody follows the key yet, so it is not recorded.
                int edit = cluster.editDetectedBy(0);
                assertThat(connecting)
                        .as("the upgrade is still waiting (else the test missed its window)")
                        .isNotDone();
                redis.thaw();

                // It starts from the config its upgrade read (the history has nothing newer), and the resolution
                // that finished before it registered follows as a change from it.
                WsTestClient client = connecting.join();
                JsonNode snapshot = client.next();
                assertThat(snapshot.path("type").asText()).isEqualTo("config_snapshot");
                assertThat(snapshot.path("config")
                                .path("orders")
                                .path("max-items")
                                .asInt())
                        .isZero();
                JsonNode change = client.next();
                assertThat(change.path("type").asText()).isEqualTo("config_change");
                assertThat(change.path("old_version").asText())
                        .isEqualTo(snapshot.path("version").asText());
                Cluster.awaitAt(client, edit);
                assertThat(client.violations()).isEmpty();
            } finally {
                redis.thaw();
            }
        }
    }

    private static int maxItems(JsonNode environment) {
        return environment
                .path("propertySources")
                .path(0)
                .path("source")
                .path("orders.max-items")
                .asInt(-1);
    }

    private static double cacheHits(TestClient http) {
        String scrape = http.get("/actuator/prometheus").body();
        return TestClient.prometheusSum(
                        scrape,
                        line -> line.startsWith("cache_gets_total{")
                                && line.contains("cache=\"configs\"")
                                && line.contains("result=\"hit\""))
                .orElse(0);
    }

    /** The change entries of {@code stream}, as {@code app/profiles/label@version}, oldest first. */
    private static List<String> changeEntries(String redis, String stream) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Response entries = TestRedis.send(
                    vertx,
                    redis,
                    Request.cmd(Command.XRANGE).arg(stream).arg("-").arg("+"));
            List<String> changes = new ArrayList<>();
            for (Response entry : entries) {
                Response fields = entry.get(1);
                java.util.Map<String, String> byName = new java.util.HashMap<>();
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    byName.put(fields.get(i).toString(), fields.get(i + 1).toString());
                }
                if (byName.containsKey("version")) {
                    changes.add(byName.get("app") + "/" + byName.get("profiles") + "/"
                            + byName.getOrDefault("label", "main") + "@" + byName.get("version"));
                }
            }
            return changes;
        } finally {
            vertx.close();
        }
    }
}
