package dev.vortex.server.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.VortexServer;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A real Vortex server on a free port over a native directory, with real HTTP and WebSocket clients. Tests
 * drive refreshes with {@link #refresh()} (the native refresh interval is an hour unless set).
 */
public final class RealtimeFixture implements AutoCloseable {
    private final Path repo;
    private final VortexServer server;
    private final Vertx clientVertx = Vertx.vertx();
    private final TestClient http;
    private final List<WsTestClient> clients = new ArrayList<>();

    private RealtimeFixture(Path repo, VortexServer server) {
        this.repo = repo;
        this.server = server;
        this.http = new TestClient(server.port());
    }

    /** Starts a server over {@code repo} with default settings, changed by {@code settings}. */
    public static RealtimeFixture start(Path repo, UnaryOperator<ServerSettings.Builder> settings) {
        ServerSettings.Builder builder = ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .nativeLocations(List.of(repo))
                .nativeRefreshInterval(Duration.ofHours(1));
        return new RealtimeFixture(
                repo, VortexServer.start(settings.apply(builder).build()));
    }

    public static RealtimeFixture start(Path repo) {
        return start(repo, builder -> builder);
    }

    public VortexServer server() {
        return server;
    }

    public TestClient http() {
        return http;
    }

    public Vertx clientVertx() {
        return clientVertx;
    }

    /** Connects a WebSocket client to {@code path}; closed with the fixture. */
    public WsTestClient connect(String path) {
        WsTestClient client = WsTestClient.connect(clientVertx, server.port(), path);
        clients.add(client);
        return client;
    }

    /** Writes a file of the repository. */
    public void write(String relativePath, String content) {
        try {
            Path file = repo.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the server notice file edits now (as its directory scan or watcher would). */
    public void refresh() {
        server.refreshNow();
    }

    /** The merged flat config that HTTP serves for the path ({@code /app/profile[/label]}), sorted by key. */
    public ObjectNode httpFlatConfig(String path) {
        JsonNode environment = http.getJson(path);
        Map<String, JsonNode> merged = new TreeMap<>();
        List<JsonNode> sources = new ArrayList<>();
        environment.get("propertySources").forEach(sources::add);
        for (int i = sources.size() - 1; i >= 0; i--) {
            for (Map.Entry<String, JsonNode> field :
                    sources.get(i).get("source").properties()) {
                merged.put(field.getKey(), field.getValue());
            }
        }
        ObjectNode flat = WsTestClient.object();
        merged.forEach(flat::set);
        return flat;
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
        server.close();
        clientVertx.close();
    }
}
