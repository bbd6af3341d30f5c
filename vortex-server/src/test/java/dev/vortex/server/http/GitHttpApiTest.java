package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.VortexServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API over a real Git repository made with JGit: commits on {@code main} and on
 * {@code feature/x}, a tag {@code v1}, and a later commit picked up by a refresh.
 */
class GitHttpApiTest {
    @TempDir
    Path workDir;

    private Path remote;
    private Git git;
    private RevCommit firstCommit;
    private VortexServer server;
    private TestClient client;

    @BeforeEach
    void createRepositoryAndStart() throws Exception {
        remote = workDir.resolve("remote");
        git = Git.init().setDirectory(remote.toFile()).setInitialBranch("main").call();
        write("application.yml", "shared: true\n");
        write("orders.yml", "orders:\n  max-items: 50\n");
        write("orders-prod.yml", "orders:\n  max-items: 500\n");
        write("docs/readme.txt", "items=${orders.max-items}\n");
        firstCommit = commit("first");
        git.tag().setName("v1").call();

        git.checkout().setCreateBranch(true).setName("feature/x").call();
        write("orders.yml", "orders:\n  max-items: 77\n");
        commit("feature");
        git.checkout().setName("main").call();

        server = TestGitRepositories.startServer(workDir, remote);
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        git.close();
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = remote.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private RevCommit commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        return git.commit()
                .setMessage(message)
                .setAuthor(author)
                .setCommitter(author)
                .call();
    }

    private int maxItems(String path) {
        return client.getJson(path)
                .get("propertySources")
                .get(0)
                .at("/source/orders.max-items")
                .asInt();
    }

    @Test
    void defaultLabel_isMain_andVersionIsTheCommitId() {
        JsonNode environment = client.getJson("/orders/prod");

        assertThat(environment.get("label").asText()).isEqualTo("main");
        assertThat(environment.get("version").asText()).isEqualTo(firstCommit.getName());
        String uri = remote.toUri().toString().replaceAll("/$", "");
        assertThat(environment.get("propertySources").get(0).get("name").asText())
                .isEqualTo(uri + "/orders-prod.yml");
        assertThat(maxItems("/orders/prod")).isEqualTo(500);
    }

    @Test
    void labels_canBeBranches_branchesWithSlashes_tags_andCommitIds() {
        assertThat(maxItems("/orders/default/feature(_)x")).isEqualTo(77);
        assertThat(maxItems("/orders/default/v1")).isEqualTo(50);
        assertThat(maxItems("/orders/default/" + firstCommit.getName())).isEqualTo(50);
        assertThat(client.getJson("/orders/default/feature(_)x").get("label").asText())
                .isEqualTo("feature/x");
    }

    @Test
    void renderedAndPlainFiles_honourTheLabel() {
        assertThat(client.get("/feature(_)x/orders-default.yml").body()).contains("max-items: 77");
        assertThat(client.get("/orders/prod/v1/docs/readme.txt").body()).isEqualTo("items=500\n");
    }

    @Test
    void unknownLabel_is404_withTheLabelInTheMessage() {
        HttpResponse<String> response = client.get("/orders/default/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestClient.json(response.body()).get("message").asText()).contains("nope");
    }

    @Test
    void aNewCommit_isServedAfterTheNextRefresh() throws Exception {
        assertThat(maxItems("/orders/default")).isEqualTo(50);
        write("orders.yml", "orders:\n  max-items: 51\n");
        RevCommit second = commit("second");

        server.refreshNow();

        assertThat(maxItems("/orders/default")).isEqualTo(51);
        assertThat(client.getJson("/orders/default").get("version").asText()).isEqualTo(second.getName());
        assertThat(maxItems("/orders/default/v1")).isEqualTo(50);
    }

    @Test
    void unreachableRemote_keepsServingTheLastGoodState_andHealthSaysDown() throws Exception {
        assertThat(maxItems("/orders/default")).isEqualTo(50);
        git.close();
        Files.move(remote, workDir.resolve("gone"));

        server.refreshNow();

        assertThat(maxItems("/orders/default")).isEqualTo(50);
        assertThat(client.delete("/cache").statusCode()).isEqualTo(204);
        assertThat(maxItems("/orders/default")).isEqualTo(50);
        JsonNode health = client.getJson("/actuator/health");
        assertThat(health.at("/components/configSource/status").asText()).isEqualTo("DOWN");
        assertThat(health.get("status").asText()).isEqualTo("UP");

        Files.move(workDir.resolve("gone"), remote);
        git = Git.open(remote.toFile());
        server.refreshNow();
        assertThat(client.getJson("/actuator/health")
                        .at("/components/configSource/status")
                        .asText())
                .isEqualTo("UP");
    }
}
