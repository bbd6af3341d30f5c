package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.CompositeSourceSettings;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.VortexServer;
import dev.vortex.sources.GitRepositorySettings;
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

    @Test
    void aBranchOrTagCreatedAfterTheLastFetch_isServedAtOnce() throws Exception {
        Git git = remote("repo");
        commit(git, "orders.yml", "where: main\n");
        start(settings(git));
        // The fetch the server makes at start must be over before the branch appears, or it may see the
        // branch half made (at main's commit): then the label is known and no request fetches it.
        server.refreshNow();

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

    @Test
    void searchPaths_withPlaceholdersAndWildcards_followTheRoot() throws Exception {
        Git git = remote("repo");
        commit(
                git,
                "application.yml",
                "a: root\n",
                "orders.yml",
                "o: root\n",
                "orders/orders.yml",
                "o: orders-dir\n",
                "orders/application.yml",
                "team: orders\n",
                "billing/application.yml",
                "team: billing\n",
                "sub1/application.yml",
                "s: 1\n",
                "sub2/application.yml",
                "s: 2\n",
                "f.txt",
                "rootfile\n",
                "orders/f.txt",
                "ordersfile\n");
        start(settings(git).gitSearchPaths(List.of("{application}", "sub*")));

        String base = uri(git);
        assertThat(TestClient.sourceNames(client.getJson("/orders/default")))
                .containsExactly(
                        base + "sub2/application.yml",
                        base + "sub1/application.yml",
                        base + "orders/orders.yml",
                        base + "orders/application.yml",
                        base + "orders.yml",
                        base + "application.yml");
        assertThat(TestClient.sourceNames(client.getJson("/billing,orders/default")))
                .containsExactly(
                        base + "sub2/application.yml",
                        base + "sub1/application.yml",
                        base + "orders/orders.yml",
                        base + "orders/application.yml",
                        base + "billing/application.yml",
                        base + "orders.yml",
                        base + "application.yml");
        // Plain files: the first location holding the file wins, and the root comes first.
        assertThat(client.get("/orders/default/main/f.txt").body()).isEqualTo("rootfile\n");
    }

    @Test
    void repositoriesMatchedByPattern_andUriPlaceholders_routeAsSpringCloudConfigServer() throws Exception {
        Git main = remote("main");
        commit(main, "application.yml", "where: main\n");
        Git team = remote("team");
        commit(team, "application.yml", "where: team\n");
        commit(remote("tpl/orders"), "application.yml", "where: tpl-orders\n");
        commit(remote("tpl/billing"), "application.yml", "where: tpl-billing\n");
        String template = workDir.resolve("tpl").toUri() + "{profile}";
        start(settings(main)
                .gitRepos(List.of(
                        new GitRepositorySettings(
                                "team", List.of("team*", "*/special"), uri(team), List.of(), null, null, null, null),
                        new GitRepositorySettings(
                                "tpl", List.of("tpl-*"), template, List.of(), null, null, null, null))));

        assertThat(where("/team-x/default")).isEqualTo("team");
        assertThat(where("/other/special")).isEqualTo("team");
        // SCC also matches the profile list as requested: "*/special" does not match "other/prod,special".
        assertThat(where("/other/prod,special")).isEqualTo("main");
        assertThat(where("/other/special,prod")).isEqualTo("team");
        assertThat(where("/other/default")).isEqualTo("main");
        // One clone per resolved URI; the last profile first; a URI that cannot be cloned passes the request on.
        assertThat(where("/tpl-a/orders")).isEqualTo("tpl-orders");
        assertThat(where("/tpl-a/billing")).isEqualTo("tpl-billing");
        assertThat(where("/tpl-a/billing,orders")).isEqualTo("tpl-orders");
        assertThat(where("/tpl-a/nope")).isEqualTo("main");
        // Without a label each repository serves its own default label.
        assertThat(client.getJson("/team-x/default").get("label").asText()).isEqualTo("main");
        assertThat(client.get("/team-x-default.properties").body()).isEqualTo("where: team");
    }

    @Test
    void defaultUriWithPlaceholders_clonesPerApplication_andAnUnknownOneIs404() throws Exception {
        commit(remote("apps/orders"), "application.yml", "where: orders\n");
        commit(remote("apps/billing"), "application.yml", "where: billing\n");
        ServerSettings.Builder settings = ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(workDir.resolve("apps").toUri() + "{application}")
                .gitBasedir(workDir.resolve("clones"))
                .gitRefreshInterval(Duration.ofHours(1));
        start(settings);

        assertThat(where("/orders/default")).isEqualTo("orders");
        assertThat(where("/billing/prod")).isEqualTo("billing");
        assertThat(client.get("/nobody/default").statusCode()).isEqualTo(404);
        assertThat(Files.list(workDir.resolve("clones")).count()).isEqualTo(2);
    }

    private String where(String path) {
        return client.getJson(path).at("/propertySources/0/source/where").asText();
    }

    @Test
    void composite_ofGitAndNative_answersWithBothInOrder_andAFailureFailsTheRequest() throws Exception {
        Git git = remote("repo");
        commit(git, "application.yml", "where: git\nonly.git: true\n", "f.txt", "from git\n");
        Path base = Files.createDirectories(workDir.resolve("native"));
        Files.writeString(base.resolve("application.yml"), "where: native\nonly.native: true\n");
        Files.writeString(base.resolve("f.txt"), "from native\n");
        start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitRefreshInterval(Duration.ofHours(1))
                .composite(List.of(
                        CompositeSourceSettings.git(
                                2,
                                new GitRepositorySettings(
                                        "git", List.of(), uri(git), List.of(), null, null, null, null)),
                        CompositeSourceSettings.nativeLocations(1, List.of(base)))));

        JsonNode environment = client.getJson("/orders/default");
        assertThat(TestClient.sourceNames(environment))
                .containsExactly("file:" + base.resolve("application.yml"), uri(git) + "application.yml");
        assertThat(environment.get("label").isNull()).isTrue();
        assertThat(environment.get("version").isNull()).isTrue();
        // Source order, lowest precedence first, as Spring Cloud Config Server renders it: a key keeps the place
        // where the lowest source put it and takes the value of the highest.
        assertThat(client.get("/orders-default.properties").body())
                .isEqualTo("where: native\nonly.git: true\nonly.native: true");
        assertThat(client.get("/orders/default/main/f.txt").body()).isEqualTo("from native\n");
        assertThat(client.get("/orders/default/nope").statusCode()).isEqualTo(404);
    }
}
