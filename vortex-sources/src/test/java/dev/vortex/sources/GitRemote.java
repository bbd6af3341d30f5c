package dev.vortex.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real, non-bare Git repository in a temp directory that plays the remote in tests. */
final class GitRemote implements AutoCloseable {
    private static final PersonIdent AUTHOR = new PersonIdent("Vortex Test", "test@vortex.dev");

    private final Path directory;
    private final Git git;

    private GitRemote(Path directory, Git git) {
        this.directory = directory;
        this.git = git;
    }

    static GitRemote create(Path directory, String initialBranch) throws GitAPIException {
        return new GitRemote(
                directory,
                Git.init()
                        .setDirectory(directory.toFile())
                        .setInitialBranch(initialBranch)
                        .call());
    }

    /** The {@code file://} URI, without trailing slash. */
    String uri() {
        return "file://" + directory.toAbsolutePath();
    }

    Path directory() {
        return directory;
    }

    /** Writes {@code files} (path to content; {@code null} deletes) on the current branch and commits them. */
    RevCommit commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            if (file.getValue() == null) {
                git.rm().addFilepattern(file.getKey()).call();
            } else {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                git.add().addFilepattern(file.getKey()).call();
            }
        }
        return git.commit()
                .setMessage(message)
                .setAuthor(AUTHOR)
                .setCommitter(AUTHOR)
                .setSign(false)
                .call();
    }

    /** Creates {@code branch} at the current commit and switches to it. */
    void createBranch(String branch) throws GitAPIException {
        git.checkout().setCreateBranch(true).setName(branch).call();
    }

    void checkout(String branch) throws GitAPIException {
        git.checkout().setName(branch).call();
    }

    /** Moves the current branch to {@code commit}, as a force push does to the remote's branch. */
    void resetHard(RevCommit commit) throws GitAPIException {
        git.reset()
                .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                .setRef(commit.name())
                .call();
    }

    void deleteBranch(String branch) throws GitAPIException {
        git.branchDelete().setBranchNames(branch).setForce(true).call();
    }

    /** An annotated tag at the current commit. */
    void tag(String name) throws GitAPIException {
        git.tag()
                .setName(name)
                .setAnnotated(true)
                .setMessage("release " + name)
                .setTagger(AUTHOR)
                .setSigned(false)
                .call();
    }

    @Override
    public void close() {
        git.close();
    }
}
