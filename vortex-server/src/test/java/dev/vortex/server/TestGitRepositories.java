package dev.vortex.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/** Real Git repositories made with JGit in a test's temporary directory, and servers over them. */
public final class TestGitRepositories {
    private TestGitRepositories() {}

    /** A repository at {@code dir} with one commit of {@code files} on {@code main}. */
    public static Path create(Path dir, Map<String, String> files) throws Exception {
        Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
        commit(dir, files, "first");
        return dir;
    }

    /** Writes {@code files} into the repository at {@code dir} and commits them on its current branch. */
    public static void commit(Path dir, Map<String, String> files, String message) throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Test", "test@example.com");
            git.commit()
                    .setMessage(message)
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();
        }
    }

    /** A server over a repository with {@code files}, on a free loopback port; {@code workDir} holds both. */
    public static VortexServer startServer(Path workDir, Map<String, String> files) throws Exception {
        return startServer(workDir, create(workDir.resolve("remote"), files));
    }

    /** A server over the Git repository {@code remote}, cloned into {@code workDir}, on a free loopback port. */
    public static VortexServer startServer(Path workDir, Path remote) {
        return VortexServer.start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(remote.toUri().toString())
                .gitBasedir(workDir.resolve("clone"))
                .gitRefreshInterval(Duration.ofHours(1))
                .build());
    }
}
