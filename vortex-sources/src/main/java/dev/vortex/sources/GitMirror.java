package dev.vortex.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A bare, mirror-like clone of one remote in a local directory: every branch and tag of the remote under
 * the same name ({@code +refs/heads/*:refs/heads/*}, {@code +refs/tags/*:refs/tags/*}), force-updated and
 * pruned on each fetch. Being bare, it has no work tree to check out, so reads need no lock.
 *
 * <p>Threading: {@link #fetch} must not run concurrently with itself (the owner serialises it); reads of the
 * {@link #repository()} may run at any time, JGit's object database is safe for that.
 */
final class GitMirror implements AutoCloseable {
    private static final String REMOTE = "origin";
    private static final List<RefSpec> REF_SPECS =
            List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

    private final String uri;
    private final Repository repository;

    private GitMirror(String uri, Repository repository) {
        this.uri = GitUris.redact(uri);
        this.repository = repository;
    }

    /**
     * Opens the mirror of {@code uri} in {@code directory}, creating an empty one if the directory is empty or
     * missing. Does not fetch.
     *
     * @throws ConfigSourceException if the directory holds something else (another remote's clone, other
     *     files), naming the directory; it is never overwritten
     */
    static GitMirror open(String uri, Path directory) {
        try {
            if (isEmptyOrMissing(directory)) {
                return create(uri, directory);
            }
            Repository repository = new FileRepositoryBuilder()
                    .setGitDir(directory.toFile())
                    .setMustExist(true)
                    .build();
            String existing = repository.getConfig().getString("remote", REMOTE, "url");
            if (!repository.isBare()) {
                repository.close();
                throw new ConfigSourceException(
                        "Git basedir " + directory + " holds a repository with a work tree, not a bare clone of "
                                + GitUris.redact(uri),
                        null);
            }
            if (!uri.equals(existing)) {
                repository.close();
                throw new ConfigSourceException(
                        "Git basedir " + directory + " holds a clone of " + GitUris.redact(existing) + ", not of "
                                + GitUris.redact(uri),
                        null);
            }
            return new GitMirror(uri, repository);
        } catch (RepositoryNotFoundException e) {
            throw new ConfigSourceException(
                    "Git basedir " + directory + " is neither empty nor a clone of " + GitUris.redact(uri)
                            + "; refusing to use it",
                    e);
        } catch (IOException | GitAPIException e) {
            throw new ConfigSourceException("Cannot open Git basedir " + directory + ": " + e.getMessage(), e);
        }
    }

    private static GitMirror create(String uri, Path directory) throws IOException, GitAPIException {
        Files.createDirectories(directory);
        Repository repository =
                Git.init().setBare(true).setDirectory(directory.toFile()).call().getRepository();
        StoredConfig config = repository.getConfig();
        config.setString("remote", REMOTE, "url", uri);
        config.setStringList(
                "remote",
                REMOTE,
                "fetch",
                REF_SPECS.stream().map(RefSpec::toString).toList());
        config.save();
        return new GitMirror(uri, repository);
    }

    private static boolean isEmptyOrMissing(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    Repository repository() {
        return repository;
    }

    /**
     * Fetches every branch and tag, moving and pruning local refs to match the remote.
     *
     * @param credentials the credentials, or {@code null}
     * @throws ConfigSourceException if the fetch fails, naming the uri and the cause
     */
    void fetch(CredentialsProvider credentials, Duration timeout) {
        try {
            Git.wrap(repository)
                    .fetch()
                    .setRemote(REMOTE)
                    .setRefSpecs(REF_SPECS)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setRemoveDeletedRefs(true)
                    .setTimeout((int) Math.max(1, timeout.toSeconds()))
                    .setCredentialsProvider(credentials)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw new ConfigSourceException("Fetch from " + uri + " failed: " + reason(e), e);
        }
    }

    /** The messages of {@code e} and its causes, without repeats: JGit nests the useful part. */
    static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message =
                    t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (reason.indexOf(message) < 0) {
                reason.append(reason.length() == 0 ? "" : ": ").append(message);
            }
        }
        return GitUris.redact(reason.toString());
    }

    @Override
    public void close() {
        repository.close();
    }
}
