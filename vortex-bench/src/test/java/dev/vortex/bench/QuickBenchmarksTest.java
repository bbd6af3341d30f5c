package dev.vortex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every load benchmark in {@code --quick} mode against an in-process server: the load generator must see
 * every connection open, every change reach every client and every client converge, or it exits with 1.
 */
class QuickBenchmarksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void connectionsOpenHoldAndGetTheirSnapshots() throws IOException {
        JsonNode result = run("connections", "--quick");

        assertThat(result.get("connections_opened").asInt()).isEqualTo(50);
        assertThat(result.get("connections_failed").asInt()).isZero();
        assertThat(result.get("heap_per_connection_bytes")).isNotNull();
    }

    @Test
    void connectionsWithAHistogram_accountForWhatEachIdleConnectionKeeps_classByClass() throws IOException {
        JsonNode result = run("connections", "--quick", "--histogram");

        // In-process, the histogram covers both ends; each connection has exactly one server session.
        JsonNode session = null;
        for (JsonNode row : result.get("histogram")) {
            if (row.get("class").asText().equals("dev.vortex.server.realtime.Session")) {
                session = row;
            }
        }
        assertThat(session).as("a row for the sessions").isNotNull();
        assertThat(session.get("instances_per_connection").asDouble()).isCloseTo(1.0, within(0.1));
        assertThat(result.get("histogram_bytes_per_connection").asLong()).isPositive();
    }

    @Test
    void fanoutToOneKeyConverges() throws IOException {
        JsonNode result = run("fanout", "--quick");

        assertThat(result.get("converged").asInt()).isEqualTo(20);
        assertThat(result.get("deliveries").asLong()).isEqualTo(20L * 3);
        assertThat(result.get("latency_ms").get("count").asLong()).isEqualTo(20L * 3);
    }

    @Test
    void fanoutOverThreeInstancesSharingARedisBackplaneConverges() throws IOException {
        requireSharedRedis();
        JsonNode result = run("fanout", "--quick", "--instances", "3");

        assertThat(result.get("instances").asInt()).isEqualTo(3);
        assertThat(result.get("converged").asInt()).isEqualTo(20);
        assertThat(result.get("deliveries").asLong()).isEqualTo(20L * 3);
    }

    @Test
    void fanoutInstancesWithAnExternalUrlAreRefusedNamingBoth() {
        int exit = BenchCommand.execute("fanout", "--quick", "--instances", "3", "--url", "ws://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
    }

    /** The shared Redis of the machine ({@code .ci/run} starts it); skipped where there is none, unless required. */
    private static void requireSharedRedis() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 2000);
        } catch (IOException e) {
            if (System.getenv("VORTEX_REQUIRE_REDIS") != null) {
                throw new AssertionError("VORTEX_REQUIRE_REDIS is set but no Redis at 127.0.0.1:6379", e);
            }
            org.junit.jupiter.api.Assumptions.abort("no Redis at 127.0.0.1:6379: " + e.getMessage());
        }
    }

    @Test
    void fanoutOverSeveralKeysConverges() throws IOException {
        JsonNode result = run("fanout", "--quick", "--keys", "3");

        assertThat(result.get("converged").asInt()).isEqualTo(20);
        assertThat(result.get("deliveries").asLong()).isEqualTo(20L * 3);
    }

    @Test
    void fanoutThroughPatternsConverges() throws IOException {
        JsonNode result = run("fanout", "--quick", "--patterns", "--keys", "2");

        assertThat(result.get("converged").asInt()).isEqualTo(20);
        // Every client follows, through bench:*:*, both keys and any other bench key the server discovered
        // from the file names (bench:default); each change changes all of them.
        int keys = result.get("keys_per_client").asInt();
        assertThat(keys).isGreaterThanOrEqualTo(2);
        assertThat(result.get("deliveries").asLong()).isEqualTo(20L * keys * 3);
    }

    @Test
    void compressingClients_negotiatePermessageDeflate_andEachChangeIsCompressedOnce() throws IOException {
        JsonNode result = run("fanout", "--quick", "--compression");

        assertThat(result.get("converged").asInt()).isEqualTo(20);
        assertThat(result.get("compressed_connections").asInt()).isEqualTo(20);
        assertThat(result.get("frames_compressed_per_change").asDouble())
                .as("one compression per change for 20 recipients")
                .isEqualTo(1.0);
    }

    @Test
    void peerFanoutReachesEveryClientOfTheFloorBroadcaster() throws IOException {
        try (FloorBroadcaster floor = FloorBroadcaster.start("127.0.0.1", 0, 2)) {
            String address = "127.0.0.1:" + floor.port();
            JsonNode result = run(
                    "fanout",
                    "--quick",
                    "--peer",
                    "ws://" + address + "/",
                    "--publish-url",
                    "http://" + address + "/publish",
                    "--server-pid",
                    Long.toString(ProcessHandle.current().pid()));

            assertThat(result.get("clients").asInt()).isEqualTo(20);
            assertThat(result.get("deliveries").asLong()).isEqualTo(20L * 3);
            assertThat(result.get("latency_ms").get("count").asLong()).isEqualTo(20L * 3);
            assertThat(result.get("cpu_us_per_delivery").asDouble()).isPositive();
        }
    }

    @Test
    void peerWithoutAPublishUrlIsRefusedNamingBoth() {
        int exit = BenchCommand.execute("fanout", "--quick", "--peer", "ws://127.0.0.1:1/");

        assertThat(exit).isEqualTo(2);
    }

    @Test
    void httpAnswersEveryRequest() throws IOException {
        JsonNode result = run("http", "--quick");

        assertThat(result.get("requests").asLong()).isPositive();
        assertThat(result.get("errors").asLong()).isZero();
        assertThat(result.get("non_200").asLong()).isZero();
    }

    @Test
    void slowReadersSoak_staysWithinItsMemory_andTheReaderGetsTheLastChange() throws IOException {
        JsonNode result = run("slow-readers", "--quick");

        assertThat(result.get("changes").asLong()).isPositive();
        assertThat(result.get("samples").size()).isGreaterThan(5);
        assertThat(result.get("samples").get(0).get("rss_bytes").asLong()).isPositive();
    }

    @Test
    void coldKeysOfAGitRepositoryAreEachAnsweredOnce() throws IOException {
        JsonNode result = run("http", "--quick", "--cold", "--keys", "30");

        assertThat(result.get("keys").asInt()).isEqualTo(30);
        assertThat(result.get("latency_ms").get("count").asLong()).isEqualTo(30);
        assertThat(result.get("keys_per_s").asDouble()).isPositive();
    }

    @Test
    void coldKeysOfANativeRepositoryAfterAJitWarmupRound() throws IOException {
        JsonNode result =
                run("http", "--quick", "--cold", "--repository", "native", "--keys", "10", "--jit-warmup-rounds", "1");

        assertThat(result.get("jit_warmup_rounds").asInt()).isEqualTo(1);
        assertThat(result.get("latency_ms").get("count").asLong()).isEqualTo(10);
    }

    @Test
    void anUnknownRepositoryKindIsRefused() {
        assertThat(BenchCommand.execute("http", "--quick", "--cold", "--repository", "svn"))
                .isEqualTo(2);
    }

    @Test
    void aFailedCheckExitsWithOne() {
        // With no client at all, "every client converged" cannot hold.
        int exit = BenchCommand.execute("fanout", "--quick", "--clients", "0");

        assertThat(exit).isEqualTo(1);
    }

    private JsonNode run(String... args) throws IOException {
        Path json = directory.resolve("result.json");
        String[] withJson = new String[args.length + 2];
        System.arraycopy(args, 0, withJson, 0, args.length);
        withJson[args.length] = "--json";
        withJson[args.length + 1] = json.toString();

        int exit = BenchCommand.execute(withJson);

        JsonNode result = JSON.readTree(json.toFile());
        assertThat(result.get("checks").toString()).as("checks").doesNotContain("\"passed\":false");
        assertThat(exit).isZero();
        assertThat(result.get("passed").asBoolean()).isTrue();
        return result;
    }
}
