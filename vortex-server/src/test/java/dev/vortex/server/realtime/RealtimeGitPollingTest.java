package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.VortexServer;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over a real Git remote: a commit reaches WebSocket clients through the server's own polling. */
class RealtimeGitPollingTest {
    @TempDir
    Path workDir;

    private Git git;
    private Path remote;
    private VortexServer server;
    private Vertx clientVertx;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void createRepositoryAndStart() throws Exception {
        remote = workDir.resolve("remote");
        git = Git.init().setDirectory(remote.toFile()).setInitialBranch("main").call();
        write("application.yml", "shared: true\n");
        write("orders.yml", RealtimeProtocolTest.ORDERS);
        commit("first");
        git.tag().setName("v1").call();

        server = VortexServer.start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(remote.toUri().toString())
                .gitBasedir(workDir.resolve("clone"))
                .gitRefreshInterval(Duration.ofMillis(200))
                .build());
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        server.close();
        clientVertx.close();
        git.close();
    }

    private void write(String relativePath, String content) throws IOException {
        Files.writeString(remote.resolve(relativePath), content);
    }

    private void commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
    }

    private WsTestClient connect(String path) {
        WsTestClient client = WsTestClient.connect(clientVertx, server.port(), path);
        clients.add(client);
        return client;
    }

    /** The merged flat config HTTP serves, as {@link RealtimeFixture#httpFlatConfig} computes it. */
    private JsonNode httpFlatConfig(String path) {
        return RealtimeFixture.flatConfigOf(new TestClient(server.port()).getJson(path));
    }

    @Test
    void aNewCommitOnTheDefaultBranch_reachesItsClientsByPolling_butNotClientsOfATag() throws Exception {
        WsTestClient onMain = connect("/ws/orders/prod?shape=flat");
        WsTestClient onTag = connect("/ws/orders/prod/v1?shape=flat");
        assertThat(onMain.next("config_snapshot").get("label").asText()).isEqualTo("main");
        assertThat(onTag.next("config_snapshot").get("label").asText()).isEqualTo("v1");

        write("orders.yml", RealtimeProtocolTest.ORDERS.replace("8081", "9191"));
        commit("second");

        JsonNode change = onMain.next();
        assertThat(change.get("type").asText()).isEqualTo("config_change");
        assertThat(change.get("label").asText()).isEqualTo("main");
        assertThat(onMain.config("orders", "prod", "main").get("server.port").asInt())
                .isEqualTo(9191);
        assertThat(onMain.config("orders", "prod", "main")).isEqualTo(httpFlatConfig("/orders/prod"));
        assertThat(onMain.violations()).isEmpty();
        // Several polls later, the tag's client has still heard nothing.
        assertThat(onTag.drain(Duration.ofMillis(600))).isEmpty();
        assertThat(onTag.config("orders", "prod", "v1").get("server.port").asInt())
                .isEqualTo(8081);
    }
}
