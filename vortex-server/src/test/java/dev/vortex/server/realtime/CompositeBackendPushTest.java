package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.CompositeSourceSettings;
import dev.vortex.server.WsTestClient;
import dev.vortex.sources.GitRepositorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A composite backend (a native directory above a Git repository) pushes an edit of either source to the clients
 * of the keys it reaches, and re-resolves only those: the others are left alone, as with a single source.
 */
class CompositeBackendPushTest {
    /** Configs large enough that a one-value edit is pushed as a diff (a diff larger than the config is a snapshot). */
    private static final String ORDERS =
            "orders:\n  max-items: %d\n  currency: EUR\n  region: eu-west\n  retries: 3\n  timeout: 5s\n";

    private static final String BILLING =
            "billing:\n  provider: %s\n  currency: EUR\n  region: eu-west\n  retries: 3\n  timeout: 5s\n";

    @TempDir
    Path base;

    private RealtimeFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anEditInEitherSource_reachesTheClientsOfTheKeysItReaches_andLeavesTheOthersAlone() throws Exception {
        Path nativeRepo = Files.createDirectory(base.resolve("native"));
        Files.writeString(nativeRepo.resolve("orders-prod.yml"), ORDERS.formatted(50));
        try (Git remote = Git.init()
                .setDirectory(base.resolve("remote").toFile())
                .setInitialBranch("main")
                .call()) {
            commit(remote, "billing.yml", BILLING.formatted("stripe"));
            GitRepositorySettings git = new GitRepositorySettings(
                    "default",
                    List.of(),
                    base.resolve("remote").toUri().toString(),
                    List.of(),
                    null,
                    null,
                    null,
                    base.resolve("clone"));
            fixture = RealtimeFixture.start(
                    nativeRepo,
                    settings -> settings.composite(List.of(
                            CompositeSourceSettings.nativeLocations(0, List.of(nativeRepo)),
                            CompositeSourceSettings.git(1, git))));
            WsTestClient orders = fixture.connect("/ws/orders/prod");
            WsTestClient billing = fixture.connect("/ws/billing/prod");
            orders.next("config_snapshot");
            billing.next("config_snapshot");
            double leftAlone = fixture.metric("vortex_config_reloads_skipped_total", "");

            fixture.write("orders-prod.yml", ORDERS.formatted(7));
            fixture.refresh();

            assertThat(orders.next("config_change").get("diff").toString()).contains("max-items");
            assertThat(fixture.metric("vortex_config_reloads_skipped_total", ""))
                    .as("billing/prod left alone by a native edit of orders-prod.yml")
                    .isGreaterThan(leftAlone);

            commit(remote, "billing.yml", BILLING.formatted("adyen"));
            fixture.refresh();

            assertThat(billing.next("config_change").get("diff").toString()).contains("adyen");
            assertThat(configMessages(orders.drain(Duration.ofMillis(300)))).isEmpty();
            assertThat(orders.violations()).isEmpty();
            assertThat(billing.violations()).isEmpty();
        }
    }

    private static void commit(Git git, String path, String content) throws Exception {
        Path file = git.getRepository().getWorkTree().toPath().resolve(path);
        Files.writeString(file, content);
        git.add().addFilepattern(path).call();
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        git.commit()
                .setMessage("edit " + path)
                .setAuthor(author)
                .setCommitter(author)
                .setSign(false)
                .call();
    }

    private static List<JsonNode> configMessages(List<JsonNode> messages) {
        return messages.stream()
                .filter(message -> message.get("type").asText().startsWith("config_"))
                .toList();
    }
}
