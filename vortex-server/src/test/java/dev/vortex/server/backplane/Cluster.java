package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.VortexServer;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * Three instances behind one (imaginary) load balancer: in-process servers on free ports over one Git remote,
 * each with a clone of its own and an hour between polls, so that only the instance a test refreshes detects a
 * change and the others can learn of it only through the backplane.
 */
final class Cluster implements AutoCloseable {
    static final Duration CONVERGENCE = Duration.ofSeconds(60);

    private final Path dir;
    private final Path remote;
    private final List<VortexServer> servers = new ArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();
    private final Map<WsTestClient, Integer> instanceOf = new java.util.HashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private int edits;

    private final String redisUri;
    private final String stream;
    private final UnaryOperator<ServerSettings.Builder> tweaks;

    private Cluster(
            Path dir, Path remote, String redisUri, String stream, UnaryOperator<ServerSettings.Builder> tweaks) {
        this.dir = dir;
        this.remote = remote;
        this.redisUri = redisUri;
        this.stream = stream;
        this.tweaks = tweaks;
    }

    /** Starts three instances sharing {@code redisUri}'s {@code stream}; {@code dir} holds the repositories. */
    static Cluster start(Path dir, String redisUri, String stream) throws Exception {
        return start(dir, redisUri, stream, settings -> settings);
    }

    /** Like {@link #start(Path, String, String)}, with settings changed by {@code tweaks} (after the defaults). */
    static Cluster start(Path dir, String redisUri, String stream, UnaryOperator<ServerSettings.Builder> tweaks)
            throws Exception {
        Cluster cluster = new Cluster(
                dir,
                TestGitRepositories.create(dir.resolve("remote"), Map.of("orders.yml", orders(0))),
                redisUri,
                stream,
                tweaks);
        try {
            for (int i = 0; i < 3; i++) {
                cluster.startInstance(dir, redisUri, stream);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more instance (on a fresh clone of the remote as it is now); returns its index. */
    int startInstance(Path dir, String redisUri, String stream) {
        int index = servers.size();
        servers.add(VortexServer.start(tweaks.apply(ServerSettings.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .gitUri(remote.toUri().toString())
                        .gitBasedir(dir.resolve("clone-" + index))
                        .gitRefreshInterval(Duration.ofHours(1))
                        .backplane(redisUri)
                        .backplaneStream(stream))
                .build()));
        return index;
    }

    /** Stops {@code instance} as on a clean shutdown; its clients are closed and no longer awaited. */
    void stop(int instance) {
        servers.get(instance).close();
        clients.removeIf(client -> {
            if (instanceOf.get(client) == instance) {
                client.close();
                return true;
            }
            return false;
        });
    }

    /** How many instances were started (stopped ones included). */
    int size() {
        return servers.size();
    }

    private static String orders(int maxItems) {
        // Large enough that a one-value patch is smaller than the config (else a snapshot replaces it).
        return "orders:\n  max-items: " + maxItems + "\n  currencies: [EUR, USD, GBP, CHF, JPY, SEK, NOK, DKK]\n"
                + "  description: the order service of the multi-instance tests\n";
    }

    VortexServer server(int instance) {
        return servers.get(instance);
    }

    /** A WebSocket client of {@code instance} on {@code path}, not read yet. */
    WsTestClient connect(int instance, String path) {
        WsTestClient client = WsTestClient.connect(vertx, servers.get(instance).port(), path);
        clients.add(client);
        instanceOf.put(client, instance);
        return client;
    }

    /** A WebSocket client of {@code instance} following {@code orders:default}, past its snapshot. */
    WsTestClient follow(int instance) {
        WsTestClient client = WsTestClient.connect(vertx, servers.get(instance).port(), "/ws/orders/default");
        assertThat(client.next().get("type").asText()).isEqualTo("config_snapshot");
        clients.add(client);
        instanceOf.put(client, instance);
        return client;
    }

    /** Every client made by {@link #follow}. */
    List<WsTestClient> clients() {
        return clients;
    }

    /**
     * Commits a new {@code orders.yml} and has {@code instance} (only) detect it.
     *
     * @return the {@code orders.max-items} value now in the repository
     */
    int editDetectedBy(int instance) throws Exception {
        int edit = commit();
        servers.get(instance).refreshNow();
        return edit;
    }

    /**
     * Commits a new {@code orders.yml} to the remote, which no instance is told of.
     *
     * @return the {@code orders.max-items} value now in the repository
     */
    int commit() throws Exception {
        edits++;
        TestGitRepositories.commit(remote, Map.of("orders.yml", orders(edits)), "edit " + edits);
        return edits;
    }

    /**
     * Commits {@code files} to the remote (and nothing else), which no instance is told of.
     *
     * @return the commit's id
     */
    String commitFiles(Map<String, String> files) throws Exception {
        TestGitRepositories.commit(remote, files, "files " + files.keySet());
        return headOf(remote);
    }

    /** The commit {@code instance}'s own clone holds of {@code main}: what it fetched last. */
    String fetchedCommit(int instance) throws Exception {
        return headOf(dir.resolve("clone-" + instance));
    }

    /**
     * Points {@code instance}'s own clone at {@code uri} (as an operator's mistake or a network of its own
     * would): its next fetches go there. JGit reads a changed config file again before using it.
     */
    void pointCloneAt(int instance, String uri) throws Exception {
        try (org.eclipse.jgit.api.Git git =
                org.eclipse.jgit.api.Git.open(dir.resolve("clone-" + instance).toFile())) {
            org.eclipse.jgit.lib.StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", uri);
            config.save();
        }
    }

    /** The remote's URI, as the instances were given it. */
    String remoteUri() {
        return remote.toUri().toString();
    }

    private static String headOf(Path repository) throws Exception {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(repository.toFile())) {
            org.eclipse.jgit.lib.ObjectId main = git.getRepository().resolve("refs/heads/main");
            return main == null ? null : main.name();
        }
    }

    /** Waits until every client holds {@code orders.max-items == maxItems}, applying changes in order. */
    void awaitEveryClientAt(int maxItems) {
        for (WsTestClient client : clients) {
            awaitAt(client, maxItems);
        }
    }

    /** Waits until {@code client} holds {@code orders.max-items == maxItems}, applying changes in order. */
    static void awaitAt(WsTestClient client, int maxItems) {
        Awaitility.await("a client at max-items " + maxItems)
                .atMost(CONVERGENCE)
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    client.drain(Duration.ofMillis(50));
                    JsonNode config = client.config("orders", "default", "main");
                    return config != null
                            && config.path("orders").path("max-items").asInt(-1) == maxItems;
                });
    }

    /** The value of the Prometheus sample {@code name} (without labels) on {@code instance}. */
    double metric(int instance, String name) {
        String text = new TestClient(servers.get(instance).port())
                .get("/actuator/prometheus")
                .body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in the metrics of instance " + instance);
    }

    /** The health document of {@code instance}. */
    JsonNode health(int instance) {
        return new TestClient(servers.get(instance).port()).getJson("/actuator/health");
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
        servers.forEach(VortexServer::close);
        try {
            // The stream and the shared configs of this test, so that the shared Redis does not fill up.
            Response keys =
                    TestRedis.send(vertx, redisUri, Request.cmd(Command.KEYS).arg(stream + "*"));
            for (Response key : keys) {
                TestRedis.send(vertx, redisUri, Request.cmd(Command.DEL).arg(key.toString()));
            }
        } catch (Exception e) {
            // A private Redis may be gone already; nothing to clean then.
        }
        vertx.close();
    }
}
