package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of real commits read through the repository's {@link GitObjectCache}. */
class GitCommitTreeTest {
    @TempDir
    Path root;

    GitRemote remote;
    Repository repository;
    GitObjectCache cache;

    @BeforeEach
    void createRepository() throws Exception {
        remote = GitRemote.create(root.resolve("remote"), "main");
        remote.commit("first", Map.of("application.yml", "shared: 1\n", "orders.yml", "orders: 1\n"));
        repository = new FileRepositoryBuilder()
                .setGitDir(root.resolve("remote/.git").toFile())
                .build();
        cache = new GitObjectCache(repository);
    }

    @AfterEach
    void close() {
        repository.close();
        remote.close();
    }

    @Test
    void aFileUnchangedBetweenCommitsIsParsedOnceAndAChangedOneAgain() throws Exception {
        GitCommitTree first = tree(remote.commit("orders 2", Map.of("orders.yml", "orders: 2\n")));
        GitCommitTree second = tree(remote.commit("orders 3", Map.of("orders.yml", "orders: 3\n")));

        List<ConfigDocument> sharedFirst = documents(first, "application.yml");
        List<ConfigDocument> sharedSecond = documents(second, "application.yml");

        assertThat(sharedSecond).isSameAs(sharedFirst);
        assertThat(documents(first, "orders.yml").get(0).properties()).containsEntry("orders", 2);
        assertThat(documents(second, "orders.yml").get(0).properties()).containsEntry("orders", 3);
    }

    @Test
    void theCacheParsesEachBlobOncePerFormat() throws Exception {
        GitCommitTree tree = tree(remote.commit("same", Map.of("orders.yml", "orders: 1\n")));
        AtomicInteger parses = new AtomicInteger();
        var blob = repository.resolve("HEAD:orders.yml");

        for (int i = 0; i < 3; i++) {
            cache.documents(blob, ConfigFormat.YML, () -> {
                parses.incrementAndGet();
                return List.of();
            });
        }

        assertThat(parses).hasValue(1);
        assertThat(tree.read(new RelativePath("orders.yml"))).isPresent();
    }

    @Test
    void filesOfSubfoldersAreFoundAndMissingOnesAreEmpty() throws Exception {
        RevCommit commit = remote.commit("folders", Map.of("team/billing.yml", "billing: 1\n"));
        GitCommitTree top = tree(commit);
        GitCommitTree team = new GitCommitTree(cache, commit.getTree(), "team", remote.uri());

        assertThat(top.read(new RelativePath("team/billing.yml"))).isPresent();
        assertThat(documents(team, "billing.yml").get(0).properties()).containsEntry("billing", 1);
        assertThat(top.read(new RelativePath("nope.yml"))).isEmpty();
        assertThat(top.readDocuments(new RelativePath("missing/nope.yml"), ConfigFormat.YML))
                .isEmpty();
        assertThat(top.fileNames()).containsExactly("application.yml", "orders.yml");
        assertThat(team.fileNames()).containsExactly("billing.yml");
        assertThat(new GitCommitTree(cache, commit.getTree(), "nowhere", remote.uri()).fileNames())
                .isEmpty();
    }

    @Test
    void aBrokenFileFailsEveryTimeNamingIt() throws Exception {
        GitCommitTree tree = tree(remote.commit("broken", Map.of("orders.yml", "orders: [unclosed\n")));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> documents(tree, "orders.yml"))
                    .isInstanceOf(ConfigFormatException.class)
                    .hasMessageContaining("orders.yml");
        }
    }

    private GitCommitTree tree(RevCommit commit) {
        return new GitCommitTree(cache, commit.getTree(), "", remote.uri());
    }

    private static List<ConfigDocument> documents(GitCommitTree tree, String path) {
        return tree.readDocuments(new RelativePath(path), ConfigFormat.YML).orElseThrow();
    }
}
