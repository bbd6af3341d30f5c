package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.VortexServer;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a change is detected reaches a WebSocket client without anyone calling refresh by hand: file
 * watching for native directories, and a push webhook for Git (with polling far away).
 */
class ChangeDetectionTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void nativeEdit_reachesTheClient_throughTheDirectoryWatcher() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");

            Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS.replace("8081", "8181"));

            client.next("config_change");
            assertThat(client.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(8181);
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * Two writes of the same size within one tick of the file system's clock leave size, time and inode as they
     * were (set back by hand here, as a coarse clock would). A refresh between them must not make the second
     * invisible: the client ends on what the file holds, as HTTP does.
     */
    @Test
    void aRewriteWithinOneClockTick_withTheSameSize_reachesTheClient() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path orders = repo.resolve("orders.yml");
        Files.writeString(orders, RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");

            overwrite(orders, RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            FileTime tick = Files.getLastModifiedTime(orders);
            fixture.refresh();
            awaitPort(client, 8181);
            overwrite(orders, RealtimeProtocolTest.ORDERS.replace("8081", "8282"));
            Files.setLastModifiedTime(orders, tick);
            fixture.refresh();

            assertThat(fixture.http().getJson("/orders/prod").toString()).contains("8282");
            awaitPort(client, 8282);
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * Writes {@code content}, of the file's size, over the file in place: same inode, and no moment when the file is
     * empty or half-written (a truncating write can be caught half-way by the watcher on a loaded machine).
     */
    private static void overwrite(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bytes.length).as("same size").isEqualTo(Files.size(file));
        Files.write(file, bytes, java.nio.file.StandardOpenOption.WRITE);
    }

    /** Reads the client's messages until its config of orders/prod has {@code port}. */
    private static void awaitPort(WsTestClient client, int port) {
        while (client.config("orders", "prod", null) == null
                || client.config("orders", "prod", null).at("/server/port").asInt() != port) {
            client.next();
        }
    }

    /**
     * With a fleet of services each on its own key, an edit of one service's file re-resolves that service's keys
     * only, and reaches its clients only; an edit of the shared {@code application.yml} reaches everybody.
     * (Key discovery off: the cached keys are exactly those of the two clients.)
     */
    @Test
    void anEditOfOneApplicationsFile_reResolvesItsKeysOnly_andReachesItsClientsOnly() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("application.yml"), "shared: 1\n");
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        Files.writeString(repo.resolve("orders-prod.yml"), "server:\n  port: 9090\n");
        Files.writeString(repo.resolve("billing.yml"), "billing:\n  provider: stripe\n");
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings.keyDiscovery(false), FROZEN)) {
            WsTestClient orders = fixture.connect("/ws/orders/prod");
            orders.next("config_snapshot");
            WsTestClient billing = fixture.connect("/ws/billing/prod");
            billing.next("config_snapshot");
            fixture.refresh();
            double resolutions = fixture.metric("vortex_config_resolutions_total", "");
            double unchanged = fixture.metric("vortex_config_resolutions_unchanged_total", "");

            RealtimeFixture.write(repo, "orders-prod.yml", "server:\n  port: 9191\n");
            fixture.refresh();

            orders.next("config_change");
            assertThat(orders.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(9191);
            assertThat(fixture.metric("vortex_config_resolutions_total", "") - resolutions)
                    .as("orders/prod re-resolved, billing/prod not")
                    .isEqualTo(1);
            assertThat(fixture.metric("vortex_config_resolutions_unchanged_total", ""))
                    .as("billing/prod not re-resolved to find its config unchanged")
                    .isEqualTo(unchanged);
            assertThat(billing.drain(Duration.ofMillis(200))).isEmpty();

            RealtimeFixture.write(repo, "application.yml", "shared: 2\n");
            fixture.refresh();

            orders.next("config_change");
            // A change or, when it is the smaller message, a new snapshot: either way the new config.
            billing.next();
            assertThat(billing.config("billing", "prod", null).at("/shared").asInt())
                    .isEqualTo(2);
            assertThat(orders.violations()).isEmpty();
            assertThat(billing.violations()).isEmpty();
        }
    }

    /**
     * Files that are no configuration files (notes, an editor's swap file) are read by no resolution: creating or
     * editing them re-resolves nothing and tells no client anything; an edit of a config file still does.
     */
    @Test
    void filesThatAreNoConfigFiles_reResolveNothing() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("application.yml"), "shared: 1\n");
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings.keyDiscovery(false), FROZEN)) {
            WsTestClient orders = fixture.connect("/ws/orders/prod");
            orders.next("config_snapshot");
            assertThat(fixture.http().getJson("/orders/default").get("name").asText())
                    .isEqualTo("orders");
            fixture.refresh();
            double resolutions = fixture.metric("vortex_config_resolutions_total", "");

            RealtimeFixture.write(repo, "notes.txt", "to do\n");
            RealtimeFixture.write(repo, ".orders.yml.swp", "swap");
            fixture.refresh();
            RealtimeFixture.write(repo, "notes.txt", "to do, done\n");
            RealtimeFixture.write(repo, ".orders.yml.swp", "swap, longer");
            fixture.refresh();

            assertThat(fixture.metric("vortex_config_resolutions_total", "") - resolutions)
                    .as("no key re-resolved")
                    .isZero();
            assertThat(orders.drain(Duration.ofMillis(200))).isEmpty();

            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            fixture.refresh();

            orders.next("config_change");
            assertThat(orders.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(8181);
            assertThat(fixture.metric("vortex_config_resolutions_total", "") - resolutions)
                    .as("both orders keys re-resolved")
                    .isEqualTo(2);
            assertThat(fixture.http()
                            .getJson("/orders/default")
                            .at("/propertySources/0/source/server.port")
                            .asInt())
                    .isEqualTo(8181);
            assertThat(orders.violations()).isEmpty();
        }
    }

    /**
     * An edit noticed twice, first by {@code DELETE /cache} and then by the refresh the file watcher asks for,
     * reaches the client once; the refresh's re-resolution finds the environment the cache holds and builds
     * nothing more. (A frozen clock keeps the watcher from firing on its own: the test runs its refresh.)
     */
    @Test
    void editNoticedByDeleteCacheAndByTheRefresh_isDeliveredOnce_andTheSecondResolutionFindsItUnchanged()
            throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings, FROZEN)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");
            double unchangedBefore = fixture.metric("vortex_config_resolutions_unchanged_total", "");

            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);
            client.next("config_change");
            fixture.refresh();

            assertThat(fixture.metric("vortex_config_resolutions_unchanged_total", ""))
                    .isGreaterThan(unchangedBefore);
            assertThat(client.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(8181);
            assertThat(client.drain(Duration.ZERO))
                    .as("nothing more after the unchanged re-resolution")
                    .isEmpty();
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * The other order: the refresh resolves the edit first (and delivers it), then {@code DELETE /cache} drops the
     * key and its re-resolution finds the same environment: nothing more reaches the client, and HTTP serves the
     * edit.
     */
    @Test
    void editResolvedByTheRefreshThenDeleteCache_isDeliveredOnce_andTheDropsResolutionFindsItUnchanged()
            throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings, FROZEN)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");

            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            fixture.refresh();
            client.next("config_change");
            double unchangedBefore = fixture.metric("vortex_config_resolutions_unchanged_total", "");
            assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);

            await().atMost(WsTestClient.TIMEOUT)
                    .until(() -> fixture.metric("vortex_config_resolutions_unchanged_total", "") > unchangedBefore);
            assertThat(fixture.http().getJson("/orders/prod").toString()).contains("8181");
            assertThat(client.drain(Duration.ZERO))
                    .as("nothing more after the unchanged re-resolution")
                    .isEmpty();
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * An edit reverted after it was pushed is pushed back, even though the config it returns to is the one a
     * re-resolution finds equal to an earlier one: a re-resolution that shares an earlier config's parts is still a
     * newer resolution.
     */
    @Test
    void editThenRevert_bothReachTheClient() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings, FROZEN)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");

            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);
            client.next("config_change");
            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS);
            fixture.refresh();
            client.next("config_change");
            assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);
            fixture.refresh();

            assertThat(client.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(8081);
            assertThat(fixture.http().getJson("/orders/prod").toString()).contains("8081");
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * A second edit that lands after the first was resolved (by {@code DELETE /cache}) and before the watcher's
     * refresh is resolved by that refresh and delivered: the refresh compares what the files hold now.
     */
    @Test
    void editLandingBetweenTwoResolutions_isStillDelivered() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            WsTestClient client = fixture.connect("/ws/orders/prod");
            client.next("config_snapshot");

            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8181"));
            assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);
            client.next("config_change");
            // No DELETE /cache this time: only the watcher's refresh can find it.
            RealtimeFixture.write(repo, "orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "8282"));

            client.next("config_change");
            assertThat(client.config("orders", "prod", null).at("/server/port").asInt())
                    .isEqualTo(8282);
            assertThat(fixture.http().getJson("/orders/prod").toString()).contains("8282");
            assertThat(client.violations()).isEmpty();
        }
    }

    /**
     * A Git commit is compared with the one before: a commit touching {@code billing.yml} re-resolves the billing
     * key and reaches its client; the orders key is not resolved again and its clients hear nothing, but its
     * Environment takes the new commit as its version, as Spring Cloud Config Server answers every key of a label.
     */
    @Test
    void aGitCommitTouchingOneApplicationsFile_reachesItsClientsOnly() throws Exception {
        Path remote = TestGitRepositories.create(
                dir.resolve("remote"),
                Map.of(
                        "application.yml", "shared: 1\n",
                        "orders.yml", RealtimeProtocolTest.ORDERS,
                        "billing.yml", "billing:\n  provider: stripe\n"));
        Vertx clientVertx = Vertx.vertx();
        try (VortexServer server = startOverGit(remote);
                WsTestClient orders = WsTestClient.connect(clientVertx, server.port(), "/ws/orders/default");
                WsTestClient billing = WsTestClient.connect(clientVertx, server.port(), "/ws/billing/default")) {
            orders.next("config_snapshot");
            billing.next("config_snapshot");
            TestClient http = new TestClient(server.port());
            String ordersVersion =
                    http.getJson("/orders/default").get("version").asText();
            server.refreshNow();
            double resolutions = resolutions(http);

            TestGitRepositories.commit(remote, Map.of("billing.yml", "billing:\n  provider: adyen\n"), "billing");
            server.refreshNow();

            billing.next();
            assertThat(billing.config("billing", "default", "main")
                            .at("/billing/provider")
                            .asText())
                    .isEqualTo("adyen");
            assertThat(resolutions(http) - resolutions)
                    .as("billing re-resolved, orders not")
                    .isEqualTo(1);
            String commit = http.getJson("/billing/default").get("version").asText();
            assertThat(commit).isNotEqualTo(ordersVersion);
            assertThat(http.getJson("/orders/default").get("version").asText())
                    .as("the orders key's Environment version is the new commit")
                    .isEqualTo(commit);
            assertThat(orders.drain(Duration.ofMillis(200))).isEmpty();
            assertThat(orders.violations()).isEmpty();
            assertThat(billing.violations()).isEmpty();
        } finally {
            clientVertx.close();
        }
    }

    /**
     * A key asked with another spelling of a branch ({@code HEAD}, {@code refs/heads/main}) is reloaded when the
     * branch moves, over HTTP and WebSocket alike; a commit touching another application's file only restamps it.
     */
    @Test
    void aGitCommit_reachesKeysThatSpellTheBranchOtherwise() throws Exception {
        Path remote = TestGitRepositories.create(
                dir.resolve("remote"),
                Map.of("orders.yml", RealtimeProtocolTest.ORDERS, "billing.yml", "billing:\n  provider: stripe\n"));
        Vertx clientVertx = Vertx.vertx();
        try (VortexServer server = startOverGit(remote);
                WsTestClient onHead = WsTestClient.connect(clientVertx, server.port(), "/ws/orders/default/HEAD");
                WsTestClient onRef =
                        WsTestClient.connect(clientVertx, server.port(), "/ws/orders/default/refs(_)heads(_)main")) {
            onHead.next("config_snapshot");
            onRef.next("config_snapshot");
            TestClient http = new TestClient(server.port());
            for (String path : List.of("/orders/default/HEAD", "/orders/default/refs(_)heads(_)main")) {
                assertThat(http.getJson(path)
                                .at("/propertySources/0/source/orders.max-items")
                                .asInt())
                        .isEqualTo(50);
            }
            server.refreshNow();

            TestGitRepositories.commit(
                    remote, Map.of("orders.yml", RealtimeProtocolTest.ORDERS.replace("50", "75")), "orders");
            server.refreshNow();

            for (String path : List.of("/orders/default/HEAD", "/orders/default/refs(_)heads(_)main")) {
                assertThat(http.getJson(path)
                                .at("/propertySources/0/source/orders.max-items")
                                .asInt())
                        .as(path)
                        .isEqualTo(75);
            }
            assertThat(onHead.next("config_change").get("label").asText()).isEqualTo("HEAD");
            assertThat(onHead.config("orders", "default", "HEAD")
                            .at("/orders/max-items")
                            .asInt())
                    .isEqualTo(75);
            assertThat(onRef.next("config_change").get("label").asText()).isEqualTo("refs/heads/main");
            assertThat(onRef.config("orders", "default", "refs/heads/main")
                            .at("/orders/max-items")
                            .asInt())
                    .isEqualTo(75);

            double resolutions = resolutions(http);
            TestGitRepositories.commit(remote, Map.of("billing.yml", "billing:\n  provider: adyen\n"), "billing");
            server.refreshNow();

            assertThat(resolutions(http) - resolutions)
                    .as("no orders key re-resolved: its files did not change")
                    .isZero();
            String commit = http.getJson("/billing/default/main").get("version").asText();
            assertThat(http.getJson("/orders/default/HEAD").get("version").asText())
                    .isEqualTo(commit);
            assertThat(http.getJson("/orders/default/refs(_)heads(_)main")
                            .get("version")
                            .asText())
                    .isEqualTo(commit);
            assertThat(onHead.drain(Duration.ofMillis(200))).isEmpty();
            assertThat(onHead.violations()).isEmpty();
            assertThat(onRef.violations()).isEmpty();
        } finally {
            clientVertx.close();
        }
    }

    /** A server over {@code remote} that refreshes only when the test says so, with key discovery off. */
    private VortexServer startOverGit(Path remote) {
        return VortexServer.start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(remote.toUri().toString())
                .gitBasedir(dir.resolve("clone"))
                .gitRefreshInterval(Duration.ofHours(1))
                .keyDiscovery(false)
                .build());
    }

    private static double resolutions(TestClient http) {
        return TestClient.prometheusSum(
                        http.get("/actuator/prometheus").body(),
                        line -> line.startsWith("vortex_config_resolutions_total"))
                .orElse(0);
    }

    @Test
    void pushWebhook_fetchesAtOnce_andTheClientReceivesTheChange() throws Exception {
        Path remote = dir.resolve("remote");
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        try (Git git = Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            Files.writeString(remote.resolve("orders.yml"), RealtimeProtocolTest.ORDERS);
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("first")
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();

            Vertx clientVertx = Vertx.vertx();
            try (VortexServer server = VortexServer.start(ServerSettings.builder()
                            .host("127.0.0.1")
                            .port(0)
                            .gitUri(remote.toUri().toString())
                            .gitBasedir(dir.resolve("clone"))
                            .gitRefreshInterval(Duration.ofHours(1))
                            .build());
                    WsTestClient client = WsTestClient.connect(clientVertx, server.port(), "/ws/orders/default")) {
                JsonNode snapshot = client.next("config_snapshot");
                assertThat(snapshot.get("label").asText()).isEqualTo("main");

                Files.writeString(remote.resolve("orders.yml"), RealtimeProtocolTest.ORDERS.replace("50", "75"));
                git.add().addFilepattern(".").call();
                git.commit()
                        .setMessage("second")
                        .setAuthor(author)
                        .setCommitter(author)
                        .call();
                HttpResponse<String> response = new TestClient(server.port())
                        .post(
                                "/monitor",
                                "application/json",
                                "{\"ref\":\"refs/heads/main\",\"commits\":[{\"modified\":[\"orders.yml\"]}]}",
                                "X-GitHub-Event",
                                "push");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("orders");

                client.next("config_change");
                assertThat(client.config("orders", "default", "main")
                                .at("/orders/max-items")
                                .asInt())
                        .isEqualTo(75);
            } finally {
                clientVertx.close();
            }
        }
    }
}
