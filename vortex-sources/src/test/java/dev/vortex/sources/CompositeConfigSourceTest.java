package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native directory and a Git repository answering together: what a refresh reports reaches only the configs one
 * of the sources' changes can reach, a request without a label standing for each source's default label.
 */
class CompositeConfigSourceTest {
    @TempDir
    Path root;

    private GitRemote remote;
    private Path directory;
    private CompositeConfigSource composite;

    @BeforeEach
    void setUp() throws Exception {
        remote = GitRemote.create(root.resolve("remote"), "main");
        remote.commit("first", Map.of("billing.yml", "b: 1\n", "application.yml", "shared: git\n"));
        directory = Files.createDirectories(root.resolve("native"));
        write("orders.yml", "o: 1\n");
        write("orders-prod.yml", "o: 2\n");
        GitConfigSource git = GitConfigSource.builder()
                .uri(remote.uri())
                .basedir(root.resolve("clone"))
                .build();
        composite = CompositeConfigSource.of(List.of(NativeConfigSource.of(directory), git));
    }

    @AfterEach
    void tearDown() {
        composite.close();
        remote.close();
    }

    @Test
    void aNativeEdit_reachesTheKeysThatReadTheFile_withOrWithoutALabel() throws Exception {
        write("orders-prod.yml", "o: 3\n");

        SourceChange change = composite.refresh();

        assertThat(change.affects("orders", "prod", null)).isTrue();
        assertThat(change.affects("orders", "prod", "main")).isTrue();
        assertThat(change.affects("orders", "dev", null)).as("another profile").isFalse();
        assertThat(change.affects("billing", "prod", null))
                .as("another application")
                .isFalse();
        assertThat(change.mayHaveChangedFileNames()).isFalse();
        assertThat(composite.find("orders", "prod", null).mergedProperties()).containsEntry("o", 3);
        assertThat(composite.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void aGitCommit_reachesItsKeys_underTheRepositorysDefaultLabel_andNoOtherLabel() throws Exception {
        remote.commit("billing", Map.of("billing.yml", "b: 2\n"));

        SourceChange change = composite.refresh();

        assertThat(change.affects("billing", "default", null))
                .as("no label: the repository's main")
                .isTrue();
        assertThat(change.affects("billing", "default", "main")).isTrue();
        assertThat(change.affects("billing", "default", "release"))
                .as("a label that did not move")
                .isFalse();
        assertThat(change.affects("orders", "default", null)).isFalse();
        assertThat(change.affects((String) null)).isTrue();
        assertThat(change.affects("release")).isFalse();
    }

    @Test
    void editsInBothSources_reachTheKeysOfEither() throws Exception {
        write("orders.yml", "o: 4\n");
        remote.commit("shared", Map.of("application-prod.yml", "shared: prod\n"));

        SourceChange change = composite.refresh();

        assertThat(change.affects("orders", "dev", null))
                .as("orders.yml, native")
                .isTrue();
        assertThat(change.affects("shipping", "prod", null))
                .as("application-prod.yml, Git")
                .isTrue();
        assertThat(change.affects("shipping", "dev", null)).isFalse();
        assertThat(change.mayHaveChangedFileNames())
                .as("application-prod.yml is new")
                .isTrue();
        assertThat(change.toString()).contains("orders.yml").contains("application-prod.yml");
    }

    private void write(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        // A new modification time even on a coarse clock: the native scan must see every edit of this test.
        long modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() + 1_000 : 1_000_000;
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }
}
