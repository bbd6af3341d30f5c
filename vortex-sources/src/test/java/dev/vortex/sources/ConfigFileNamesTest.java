package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both backends list the configuration files at the top of their search locations, for key discovery. */
class ConfigFileNamesTest {
    @TempDir
    Path dir;

    private void files(Path root) throws Exception {
        Files.createDirectories(root.resolve("nginx"));
        Files.writeString(root.resolve("orders.yml"), "a: 1\n");
        Files.writeString(root.resolve("orders-prod.properties"), "a=2\n");
        Files.writeString(root.resolve("application-dev.json"), "{}");
        Files.writeString(root.resolve("README.md"), "not config\n");
        Files.writeString(root.resolve("nginx/nginx.yml"), "in a subfolder\n");
    }

    @Test
    void native_listsTopLevelConfigFilesOfEveryLocation() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        files(first);
        Files.writeString(second.resolve("billing.yaml"), "b: 1\n");

        assertThat(NativeConfigSource.of(first, second).configFileNames(null))
                .containsExactlyInAnyOrder("orders.yml", "orders-prod.properties", "billing.yaml");
    }

    @Test
    void git_listsTopLevelConfigFilesOfTheLabel() throws Exception {
        Path remote = dir.resolve("remote");
        PersonIdent author = new PersonIdent("Test", "test@example.com");
        try (Git git = Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            files(remote);
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("files")
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();
        }
        try (GitConfigSource source = GitConfigSource.builder()
                .uri(remote.toUri().toString())
                .basedir(dir.resolve("clone"))
                .build()) {
            assertThat(source.configFileNames(null)).containsExactlyInAnyOrder("orders.yml", "orders-prod.properties");
            assertThat(source.configFileNames("main")).contains("orders.yml");
        }
    }
}
