package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.VortexServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases where Vortex once answered differently from Spring Cloud Config Server for the same Git repository
 * (issue #14), over HTTP against a real repository made with JGit. The scheduled fetch is an hour away, so
 * whatever a test sees of later commits comes from the fetch a request makes.
 */
class GitSpringCloudConfigParityTest {
    @TempDir
    Path workDir;

    private final List<Git> remotes = new ArrayList<>();
    private VortexServer server;
    private TestClient client;

    @BeforeEach
    void noServerYet() {
        server = null;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        remotes.forEach(Git::close);
    }

    /** A new repository at {@code name} on branch main. */
    private Git remote(String name) throws GitAPIException {
        Git git = Git.init()
                .setDirectory(workDir.resolve(name).toFile())
                .setInitialBranch("main")
                .call();
        remotes.add(git);
        return git;
    }

    private static RevCommit commit(Git git, String... pathsAndContents) throws IOException, GitAPIException {
        Path root = git.getRepository().getWorkTree().toPath();
        for (int i = 0; i + 1 < pathsAndContents.length; i += 2) {
            Path file = root.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        return git.commit()
                .setMessage("commit")
                .setAuthor(author)
                .setCommitter(author)
                .setSign(false)
                .call();
    }

    private static String uri(Git git) {
        return git.getRepository().getWorkTree().toPath().toUri().toString();
    }

    private ServerSettings.Builder settings(Git git) {
        return ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(uri(git))
                .gitBasedir(workDir.resolve("clones"))
                .gitRefreshInterval(Duration.ofHours(1));
    }

    private void start(ServerSettings.Builder settings) {
        server = VortexServer.start(settings.build());
        client = new TestClient(server.port());
    }

    private static List<String> sourceNames(JsonNode environment) {
        List<String> names = new ArrayList<>();
        environment
                .get("propertySources")
                .forEach(source -> names.add(source.get("name").asText()));
        return names;
    }

    @Test
    void aBranchOrTagCreatedAfterTheLastFetch_isServedAtOnce() throws Exception {
        Git git = remote("repo");
        commit(git, "orders.yml", "where: main\n");
        start(settings(git));

        git.checkout().setCreateBranch(true).setName("release/2").call();
        RevCommit release = commit(git, "orders.yml", "where: release\n");
        git.tag().setName("v2").call();
        git.checkout().setName("main").call();

        JsonNode environment = client.getJson("/orders/default/release(_)2");
        assertThat(environment.get("version").asText()).isEqualTo(release.getName());
        assertThat(environment.at("/propertySources/0/source/where").asText()).isEqualTo("release");
        assertThat(client.get("/v2/orders-default.properties").body()).isEqualTo("where: release");
        assertThat(client.get("/orders/default/never-created").statusCode()).isEqualTo(404);
    }

    @Test
    void labels_head_fullRefNames_andShortCommitIds_areServed() throws Exception {
        Git git = remote("repo");
        RevCommit only = commit(git, "orders.yml", "where: main\n");
        start(settings(git));

        assertThat(client.getJson("/orders/default/HEAD").get("version").asText())
                .isEqualTo(only.getName());
        assertThat(client.getJson("/orders/default/refs(_)heads(_)main")
                        .get("version")
                        .asText())
                .isEqualTo(only.getName());
        assertThat(client.getJson("/orders/default/" + only.getName().substring(0, 4))
                        .get("version")
                        .asText())
                .isEqualTo(only.getName());
    }
}
