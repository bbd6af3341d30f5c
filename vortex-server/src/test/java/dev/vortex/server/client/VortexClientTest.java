package dev.vortex.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.client.Backoff;
import dev.vortex.client.ConfigChange;
import dev.vortex.client.ConfigKey;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.PropertyChange;
import dev.vortex.client.PropertyChange.Kind;
import dev.vortex.client.Shape;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexConfig;
import dev.vortex.server.realtime.RealtimeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against the real server, in-process on a free port over a native directory. */
class VortexClientTest {
    static final String ORDERS = """
            orders:
              max-items: 500
              enabled: true
              ratio: 0.25
              timeout: 30s
              currencies: [EUR, USD]
              retry:
                attempts: 3
            """;

    @TempDir
    Path workDir;

    private RealtimeFixture fixture;
    private final List<VortexClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws java.io.IOException {
        fixture = RealtimeFixture.start(java.nio.file.Files.createDirectories(workDir.resolve("repo")));
        fixture.write("application.yml", "shared: 1\n");
        fixture.write("orders.yml", ORDERS);
        fixture.write("billing.yml", "billing:\n  provider: stripe\n");
        fixture.refresh();
    }

    @AfterEach
    void stop() {
        clients.forEach(VortexClient::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    private VortexClient.Builder client(String application, String profile) {
        return VortexClient.builder()
                .url("http://127.0.0.1:" + fixture.server().port())
                .application(application)
                .profiles(profile)
                .reconnect(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private VortexClient started(VortexClient.Builder builder) throws Exception {
        VortexClient client = builder.build();
        clients.add(client);
        client.start().get(30, TimeUnit.SECONDS);
        return client;
    }

    /** Edits a file and makes the server notice at once, as an operator's {@code DELETE /cache} does. */
    private void edit(String file, String content) {
        fixture.write(file, content);
        assertThat(fixture.http().delete("/cache").statusCode()).isEqualTo(204);
    }

    @Test
    void start_returnsTheSnapshot_withTypedGetters_andBothShapes() throws Exception {
        VortexClient client = started(client("orders", "default"));

        VortexConfig config = client.config();
        assertThat(config.key()).isEqualTo(ConfigKey.of("orders", "default"));
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.version()).isEqualTo(config.version()).isNotBlank();
        assertThat(config.fromCache()).isFalse();
        assertThat(config.getInt("orders.max-items")).contains(500);
        assertThat(config.getLong("orders.max-items")).contains(500L);
        assertThat(config.getBoolean("orders.enabled")).contains(true);
        assertThat(config.getDouble("orders.ratio")).contains(0.25);
        assertThat(config.getDuration("orders.timeout")).contains(Duration.ofSeconds(30));
        assertThat(config.getString("orders.currencies[1]")).contains("USD");
        assertThat(config.getString("shared")).contains("1");
        assertThat(config.getString("orders.missing")).isEmpty();
        assertThat(config.get("orders.currencies", List.class)).contains(List.of("EUR", "USD"));
        assertThat(config.get("orders.retry", Map.class)).contains(Map.of("attempts", 3));
        assertThat(config.flat())
                .containsEntry("orders.max-items", 500)
                .containsEntry("orders.currencies[0]", "EUR")
                .containsEntry("orders.retry.attempts", 3);
        assertThat(config.nested()).containsKey("orders");
        assertThat(((Map<?, ?>) config.nested().get("orders")).get("currencies"))
                .isEqualTo(List.of("EUR", "USD"));
        // The same content as Spring Cloud Config's HTTP API serves.
        assertThat(fixture.httpFlatConfig("/orders/default").toString())
                .isEqualTo(dev.vortex.server.WsTestClient.object()
                        .setAll(sortedJson(config.flat()))
                        .toString());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode sortedJson(Map<String, Object> flat) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new java.util.TreeMap<>(flat));
    }

    @Test
    void flatShapeOnTheWire_givesTheSameConfig() throws Exception {
        VortexClient nested = started(client("orders", "default"));
        VortexClient flat = started(client("orders", "default").shape(Shape.FLAT));

        assertThat(flat.config().flat()).isEqualTo(nested.config().flat());
        assertThat(flat.config().nested()).isEqualTo(nested.config().nested());
        assertThat(flat.version()).isEqualTo(nested.version());

        edit("orders.yml", ORDERS.replace("max-items: 500", "max-items: 600"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> flat.config().getInt("orders.max-items").orElse(0) == 600);
        assertThat(flat.config().nested()).isEqualTo(nested.config().nested());
    }

    @Test
    void aFileEdit_reachesListeners_withOldAndNewValues() throws Exception {
        VortexClient client = started(client("orders", "default"));
        String firstVersion = client.version();
        List<ConfigChange> changes = new CopyOnWriteArrayList<>();
        client.addListener(changes::add);

        edit(
                "orders.yml",
                ORDERS.replace("max-items: 500", "max-items: 600")
                        .replace("  enabled: true\n", "")
                        .concat("  region: eu\n"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !changes.isEmpty());
        ConfigChange change = changes.get(0);
        assertThat(change.key()).isEqualTo(ConfigKey.of("orders", "default"));
        assertThat(change.oldVersion()).isEqualTo(firstVersion);
        assertThat(change.newVersion()).isEqualTo(client.version()).isNotEqualTo(firstVersion);
        // (Whether it came as a diff or, being larger than the config, as a snapshot is the server's call.)
        assertThat(change.changes())
                .containsExactlyInAnyOrder(
                        new PropertyChange("orders.max-items", 500, 600, Kind.MODIFIED),
                        new PropertyChange("orders.enabled", true, null, Kind.REMOVED),
                        new PropertyChange("orders.region", null, "eu", Kind.ADDED));
        assertThat(change.previous().getInt("orders.max-items")).contains(500);
        assertThat(change.config().getInt("orders.max-items")).contains(600);
        assertThat(client.config().getString("orders.region")).contains("eu");
    }

    @Test
    void aSlowListener_getsOneCoalescedChange_toTheNewestConfig() throws Exception {
        VortexClient client = started(client("orders", "default"));
        String firstVersion = client.version();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<ConfigChange> changes = new CopyOnWriteArrayList<>();
        client.addListener(change -> {
            changes.add(change);
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        edit("orders.yml", ORDERS.replace("max-items: 500", "max-items: 501"));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        // The listener is stuck; the socket reader is not: later changes still arrive.
        for (int value = 502; value <= 505; value++) {
            int expected = value;
            edit("orders.yml", ORDERS.replace("max-items: 500", "max-items: " + value));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.config().getInt("orders.max-items").orElse(0) == expected);
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() == 2);
        assertThat(changes.get(0).oldVersion()).isEqualTo(firstVersion);
        ConfigChange coalesced = changes.get(1);
        assertThat(coalesced.oldVersion()).isEqualTo(changes.get(0).newVersion());
        assertThat(coalesced.newVersion()).isEqualTo(client.version());
        assertThat(coalesced.changes())
                .containsExactly(new PropertyChange("orders.max-items", 501, 505, Kind.MODIFIED));
        Thread.sleep(300);
        assertThat(changes).hasSize(2);
    }

    @Test
    void patternSubscription_deliversSnapshotsAndChanges_ofMatchingKeys() throws Exception {
        VortexClient client = started(client("orders", "default"));
        List<ConfigChange> changes = new CopyOnWriteArrayList<>();
        client.addListener(changes::add);

        client.subscribe("billing:*:*").get(20, TimeUnit.SECONDS);

        ConfigKey billing = ConfigKey.of("billing", "default");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.config(billing).isPresent());
        assertThat(client.config(billing).orElseThrow().getString("billing.provider"))
                .contains("stripe");
        assertThat(client.configs()).containsKeys(billing, client.key());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> changes.stream().anyMatch(change -> change.key().equals(billing)));
        assertThat(changes.get(0).snapshot()).isTrue();
        assertThat(changes.get(0).oldVersion()).isNull();

        edit("billing.yml", "billing:\n  provider: adyen\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.config(billing)
                .orElseThrow()
                .getString("billing.provider")
                .orElse("")
                .equals("adyen"));
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() == 2);
        assertThat(changes.get(1).changes())
                .containsExactly(new PropertyChange("billing.provider", "stripe", "adyen", Kind.MODIFIED));

        client.unsubscribe("billing:*:*").get(20, TimeUnit.SECONDS);
        assertThat(client.config(billing)).isEmpty();
        assertThat(client.config(client.key())).isPresent();
    }

    @Test
    void aMalformedPattern_isRefusedByName() {
        VortexClient client = client("orders", "default").build();
        clients.add(client);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.subscribe("billing:*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'billing:*'");
    }
}
