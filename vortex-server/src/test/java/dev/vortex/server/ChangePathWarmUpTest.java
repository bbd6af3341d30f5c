package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.realtime.ChangePathWarmUp;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change path's warm-up runs on a real server, ends, and leaves no trace a client or an operator could see: the
 * cache, the resolution and message counters and the key's history are what they are on a server without it.
 */
class ChangePathWarmUpTest {
    private static final String ORDERS = """
            server:
              port: 8081
            orders:
              max-items: 50
              currencies: [EUR, USD]
            """;

    @TempDir
    Path dir;

    @Test
    void warmUp_runsAndEnds_leavingTheCacheTheCountersAndTheHistoryAsAServerWithoutItHasThem() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), ORDERS);
        Observed without = observe(repo, false);
        Files.writeString(repo.resolve("orders.yml"), ORDERS);
        List<Path> directoriesBefore = warmUpDirectories();
        Observed with = observe(repo, true);

        assertThat(with).isEqualTo(without);
        assertThat(with.meters()).as("the meters compared").isNotEmpty();
        assertThat(warmUpDirectories()).as("its files deleted").isSubsetOf(directoriesBefore);
    }

    /** The warm-ups' temporary directories now there (other JVMs' included). */
    private static List<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("vortex-warm-up"))
                    .toList();
        }
    }

    @Test
    void closingTheServer_endsTheWarmUp_evenBeforeItBegan() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), ORDERS);
        VortexServer server =
                VortexServer.start(TestServers.nativeSettings(repo).warmUp(true).build());
        ChangePathWarmUp warmUp = server.warmUp().orElseThrow();
        server.close();

        assertThat(warmUp.await(Duration.ZERO)).as("ended by the close").isTrue();
    }

    /**
     * What a client and an operator see of a server over {@code repo}: a WebSocket client of {@code orders/prod} and an
     * HTTP request, then (once the warm-up, if any, has ended) an edit, and the metrics of the cache, the resolutions,
     * the refreshes and the messages sent.
     */
    private static Observed observe(Path repo, boolean warmUp) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (VortexServer server = VortexServer.start(
                        TestServers.nativeSettings(repo).warmUp(warmUp).build());
                WsTestClient client = WsTestClient.connect(vertx, server.port(), "/ws/orders/prod")) {
            TestClient http = new TestClient(server.port());
            String first = client.next("config_snapshot").get("version").asText();
            assertThat(http.get("/orders/prod").statusCode()).isEqualTo(200);

            Optional<ChangePathWarmUp> running = server.warmUp();
            assertThat(running.isPresent()).isEqualTo(warmUp);
            if (running.isPresent()) {
                assertThat(running.get().await(Duration.ofMinutes(3)))
                        .as("ended")
                        .isTrue();
                assertThat(running.get().roundsDone()).as("rounds run").isPositive();
            }
            // Heartbeats aside: a ping comes every 30 s whatever the warm-up does (a run that long, on a loaded
            // machine, saw one).
            List<JsonNode> meanwhile = client.drain(Duration.ZERO).stream()
                    .filter(message -> !message.path("type").asText().equals("ping"))
                    .toList();

            // The history still holds the client's config: the edit comes as a change from it.
            Files.writeString(repo.resolve("orders.yml"), ORDERS.replace("8081", "8181"));
            server.refreshNow();
            JsonNode change = client.next("config_change");
            assertThat(change.get("old_version").asText()).isEqualTo(first);

            String scrape = http.get("/actuator/prometheus").body();
            List<String> meters = scrape.lines()
                    .filter(line -> line.startsWith("cache_") && line.contains("cache=\"configs\"")
                            || line.startsWith("vortex_config_")
                            || line.startsWith("vortex_source_")
                            || line.startsWith("vortex_ws_messages_sent") && !line.contains("type=\"ping\""))
                    // Times differ from run to run (and the warm-up makes the later resolutions faster).
                    .filter(line -> !line.contains("_duration_seconds"))
                    .sorted()
                    .toList();
            return new Observed(meanwhile, change.get("diff"), meters);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** What {@link #observe} saw: the messages during the warm-up, the edit's diff, the meters' lines. */
    private record Observed(List<JsonNode> meanwhile, JsonNode diff, List<String> meters) {}
}
