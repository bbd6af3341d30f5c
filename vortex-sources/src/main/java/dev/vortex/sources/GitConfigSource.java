package dev.vortex.sources;

import dev.vortex.core.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration files in a Git repository, like Spring Cloud Config's {@code git} backend: labels are
 * branches, tags or commit ids, and an environment's version is the commit id it was read from.
 *
 * <p>The remote is mirrored into a bare local clone (see {@link Builder#build()}); requests read blobs
 * straight from the commit their label resolves to, never from a work tree. {@link #refresh()} fetches and
 * reports the branches and tags that moved.
 *
 * <p>Threading: no request takes a lock. The branch and tag names live in an immutable snapshot in a
 * volatile field, replaced whole after each fetch, so each request resolves its label against one
 * consistent set of refs, and a commit once resolved is read to the end even if its branch moves meanwhile
 * (objects are never removed by a fetch). Fetches are serialised among themselves by a private lock that
 * only {@link #refresh()}, the on-demand fetch and {@link #close()} take. Health is another immutable value in
 * a volatile field.
 *
 * <p>A label that none of the fetched refs names (a branch or tag created since the last fetch) makes the
 * requesting thread fetch at once, as Spring Cloud Config Server, which fetches on every request, would show
 * it; at most one such fetch runs per {@link Builder#unknownLabelFetchInterval(Duration)}, so requests for
 * made-up labels cannot hammer the remote. What such a fetch moves is kept and reported by the next {@link
 * #refresh()}, so the server still reloads every config it changed.
 */
public final class GitConfigSource implements ConfigSource {
    private static final Logger LOG = LoggerFactory.getLogger(GitConfigSource.class);

    /** The default connect and fetch timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The default least time between two fetches for unknown labels. */
    public static final Duration DEFAULT_UNKNOWN_LABEL_FETCH_INTERVAL = Duration.ofSeconds(5);

    private static final String MAIN = "main";
    private static final String HEAD = "HEAD";
    private static final String MASTER = "master";

    private final String uri;
    private final String sourceNamePrefix;
    private final GitMirror mirror;
    /** Folder listings and parsed blobs, shared by every request on any label. */
    private final GitObjectCache objects;

    private final GitCommitResolver resolver;
    private final GitSearchPaths searchPaths;
    private final String configuredDefaultLabel;
    private final CredentialsProvider credentials;
    private final Duration timeout;
    private final Clock clock;
    private final Path temporaryBasedir;
    private final Duration unknownLabelFetchInterval;
    private final Object fetchLock = new Object();
    private volatile GitRefSnapshot refs;
    private volatile FetchStatus status;
    // Guarded by fetchLock.
    private boolean closed;
    private Instant lastUnknownLabelFetch;
    /** The labels moved since the last {@link #refresh()} reported, with their changed files where known. */
    private final Set<String> unreportedChanges = new TreeSet<>();
    /** The files changed in those labels of {@link #unreportedChanges} whose every move could be diffed. */
    private final Map<String, ChangedFiles> unreportedFiles = new HashMap<>();

    private GitConfigSource(Builder builder, GitMirror mirror, Path temporaryBasedir) {
        this.uri = GitUris.redact(builder.uri);
        this.sourceNamePrefix = stripTrailingSlashes(this.uri);
        this.mirror = mirror;
        this.resolver = new GitCommitResolver(mirror.repository());
        this.objects = new GitObjectCache(mirror.repository());
        this.searchPaths = new GitSearchPaths(builder.searchPaths);
        this.configuredDefaultLabel = builder.defaultLabel;
        this.credentials = builder.username == null
                ? null
                : new UsernamePasswordCredentialsProvider(
                        builder.username, builder.password == null ? "" : builder.password);
        this.timeout = builder.timeout;
        this.clock = builder.clock;
        this.unknownLabelFetchInterval = builder.unknownLabelFetchInterval;
        this.temporaryBasedir = temporaryBasedir;
    }

    /** Starts building a source; {@link Builder#uri(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The environment's label is the label resolved ({@link #defaultLabel()} when {@code label} is {@code
     * null}); its version is the 40-hex commit id; its state is empty, as Spring Cloud Config Server's.
     *
     * @throws IllegalArgumentException if an application name or profile is not a plain name
     * @throws dev.vortex.core.ConfigFormatException if a file cannot be parsed, naming it
     */
    @Override
    public Environment find(String application, String profiles, String label) {
        ConfigRequest request = ConfigRequest.parse(application, profiles);
        GitCommitResolver.ResolvedCommit commit = resolve(label);
        return new Environment(
                application,
                request.profiles(),
                commit.label(),
                commit.commit().name(),
                // Spring Cloud Config Server's Git repository answers an empty state, not null; clients and the
                // differential test compare the JSON as it is.
                "",
                EnvironmentAssembler.propertySources(request, trees(commit, application, profiles)));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code path} is absolute or has {@code ..} segments, backslashes or
     *     NUL
     */
    @Override
    public Optional<SourceFile> findFile(String application, String profiles, String label, String path) {
        // Check the path before touching the repository, so a bad path fails the same way on any label.
        new RelativePath(path);
        return PlainFileFinder.find(path, profiles, trees(resolve(label), application, profiles));
    }

    /**
     * The configured default label; if none was configured, {@code main}, or {@code master} when the
     * repository has a {@code master} branch and no {@code main}.
     */
    @Override
    public Set<String> configFileNames(String label) {
        GitCommitResolver.ResolvedCommit commit = resolve(label);
        List<GitCommitTree> trees = new ArrayList<>();
        for (String folder : searchPaths.fixedFolders(mirror.repository(), commit.tree())) {
            trees.add(new GitCommitTree(objects, commit.tree(), folder, sourceNamePrefix));
        }
        return ConfigFileNames.of(trees);
    }

    @Override
    public String defaultLabel() {
        if (configuredDefaultLabel != null) {
            return configuredDefaultLabel;
        }
        GitRefSnapshot current = refs;
        if (current.branch(MAIN).isEmpty() && current.branch(MASTER).isPresent()) {
            return MASTER;
        }
        return MAIN;
    }

    @Override
    public String description() {
        List<String> configured = searchPaths.configured();
        return "git " + uri + (configured.isEmpty() ? "" : " searchPaths " + configured);
    }

    /**
     * Up when the last fetch succeeded. Details: {@code uri}, {@code defaultLabel}, {@code
     * lastSuccessfulRefresh} (ISO-8601, absent if no fetch has succeeded since start) and, when down, {@code
     * lastError} and {@code failedFetches} (attempts failed in a row).
     */
    @Override
    public SourceHealth health() {
        FetchStatus current = status;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("uri", uri);
        details.put("defaultLabel", defaultLabel());
        if (current.lastSuccess() != null) {
            details.put("lastSuccessfulRefresh", current.lastSuccess().toString());
        }
        if (current.lastError() != null) {
            details.put("lastError", current.lastError());
            details.put("failedFetches", current.failures());
        }
        return new SourceHealth(current.lastError() == null, details);
    }

    /**
     * Fetches once. On failure the last fetched state keeps being served, one WARN line names the uri and the
     * reason (once, not again for failures with the same reason), and health turns down until a fetch
     * succeeds again.
     *
     * @return the branch and tag names whose commit changed (including created and deleted ones), or none; for a
     *     label that moved from one commit to another, the files that differ between the two (the trees compared,
     *     so a force push or a reset to an older commit is told like any move)
     */
    @Override
    public SourceChange refresh() {
        synchronized (fetchLock) {
            if (closed) {
                return SourceChange.none();
            }
            fetchAndSwapRefs();
            SourceChange change =
                    SourceChange.of(unreportedChanges, unreportedFiles).alsoSpelled(spellings(unreportedChanges));
            unreportedChanges.clear();
            unreportedFiles.clear();
            return change;
        }
    }

    /**
     * The other spellings a request may use for the moved branch and tag names {@code moved} (see {@link
     * #resolve(String)}), each to the name: {@code refs/heads/<name>} and {@code refs/tags/<name>} (both, whichever
     * moved: one too many only makes the cache find the same commit again), and {@code HEAD} when the default label
     * moved. Configs are cached by the label as requested, so without these a key asked as {@code HEAD} would keep
     * its old config. Commit ids need none: what they name never moves.
     */
    private Map<String, String> spellings(Set<String> moved) {
        Map<String, String> spellings = new HashMap<>();
        for (String name : moved) {
            spellings.put(Constants.R_HEADS + name, name);
            spellings.put(Constants.R_TAGS + name, name);
        }
        String defaultLabel = defaultLabel();
        String defaultName = spellings.getOrDefault(defaultLabel, defaultLabel);
        if (moved.contains(defaultName)) {
            spellings.put(HEAD, defaultName);
        }
        return spellings;
    }

    /**
     * Fetches and swaps in the new refs, remembering which labels moved until {@link #refresh()} reports them.
     * Caller holds {@link #fetchLock}.
     *
     * @return whether the fetch succeeded
     */
    private boolean fetchAndSwapRefs() {
        try {
            mirror.fetch(credentials, timeout);
        } catch (ConfigSourceException e) {
            FetchStatus previous = status;
            status = previous.failed(GitMirror.reason(e.getCause()));
            // Once per state change, not per attempt: a webhook storm against a vanished remote must not
            // turn into a log storm. The count of failed attempts is in the recovery line and in health.
            if (!status.lastError().equals(previous.lastError())) {
                LOG.warn(
                        "Git fetch from {} failed, still serving the last fetched state: {} (not logged again"
                                + " until the reason changes or a fetch succeeds)",
                        uri,
                        status.lastError());
            }
            return false;
        }
        GitRefSnapshot before = refs;
        refs = readRefs();
        if (status.lastError() != null) {
            LOG.info("Git fetch from {} succeeded again after {} failed attempts", uri, status.failures());
        }
        status = FetchStatus.succeeded(clock.instant());
        remember(before, refs);
        return true;
    }

    /**
     * Adds the labels that moved from {@code before} to {@code after} to the unreported changes, each with the
     * files that differ between its two commits when both are known; a label whose files are not known (created,
     * deleted, a tag of a tree) stays unknown until reported, whatever later moves add. Caller holds {@link
     * #fetchLock}.
     */
    private void remember(GitRefSnapshot before, GitRefSnapshot after) {
        for (String label : before.changedLabels(after)) {
            boolean first = unreportedChanges.add(label);
            Optional<ChangedFiles> files = changedFiles(before.branch(label), after.branch(label))
                    .flatMap(branch ->
                            changedFiles(before.tag(label), after.tag(label)).map(branch::plus));
            ChangedFiles known = unreportedFiles.get(label);
            if (files.isPresent() && (first || known != null)) {
                unreportedFiles.put(label, known == null ? files.get() : known.plus(files.get()));
            } else {
                unreportedFiles.remove(label);
            }
        }
    }

    /**
     * The files that differ between what a branch (or a tag) pointed at and what it points at now: none when it did
     * not move (or is absent both times), empty when that is not known (created or deleted).
     */
    private Optional<ChangedFiles> changedFiles(Optional<ObjectId> before, Optional<ObjectId> after) {
        if (before.equals(after)) {
            return Optional.of(ChangedFiles.none());
        }
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        return GitTreeDiff.between(mirror.repository(), before.get(), after.get());
    }

    /**
     * Fetches because {@code label} is unknown, unless another unknown label did less than the interval ago.
     * Whoever waited on the lock meanwhile finds the refs of the fetch that ran before it.
     */
    private void fetchForUnknownLabel(String label) {
        synchronized (fetchLock) {
            Instant now = clock.instant();
            if (closed
                    || (lastUnknownLabelFetch != null
                            && now.isBefore(lastUnknownLabelFetch.plus(unknownLabelFetchInterval)))) {
                return;
            }
            lastUnknownLabelFetch = now;
            LOG.debug("Label '{}' is not among the fetched refs of {}; fetching", label, uri);
            fetchAndSwapRefs();
        }
    }

    /** Closes the local clone; deletes it too if it was made in a temporary directory. */
    @Override
    public void close() {
        synchronized (fetchLock) {
            if (closed) {
                return;
            }
            closed = true;
            mirror.close();
            if (temporaryBasedir != null) {
                deleteRecursively(temporaryBasedir);
            }
        }
    }

    /** The 40-hex commit id {@code label} resolves to now, as {@link #find} would stamp it. */
    @Override
    public String versionOf(String label) {
        return resolve(label).commit().name();
    }

    private GitCommitResolver.ResolvedCommit resolve(String label) {
        String requested = label == null || label.isBlank() ? defaultLabel() : label;
        if (requested.equals(HEAD)) {
            // A bare mirror has no checkout; HEAD means what a request without a label gets.
            String defaultLabel = defaultLabel();
            if (defaultLabel.equals(HEAD)) {
                throw new NoSuchLabelException(HEAD);
            }
            GitCommitResolver.ResolvedCommit head = resolve(defaultLabel);
            return new GitCommitResolver.ResolvedCommit(HEAD, head.commit(), head.tree());
        }
        GitRefSnapshot known = refs;
        try {
            return resolver.resolve(known, requested);
        } catch (NoSuchLabelException e) {
            fetchForUnknownLabel(requested);
            if (refs == known) {
                throw e;
            }
            return resolver.resolve(refs, requested);
        }
    }

    /** The folders of {@code commit} that a request searches (see {@link GitSearchPaths}). */
    private List<GitCommitTree> trees(GitCommitResolver.ResolvedCommit commit, String application, String profiles) {
        List<GitCommitTree> trees = new ArrayList<>();
        List<String> folders = searchPaths.folders(
                mirror.repository(),
                commit.tree(),
                ConfigRequest.applications(application),
                ConfigRequest.profiles(profiles),
                commit.label());
        for (String folder : folders) {
            trees.add(new GitCommitTree(objects, commit.tree(), folder, sourceNamePrefix));
        }
        return trees;
    }

    private GitRefSnapshot readRefs() {
        try {
            return GitRefSnapshot.read(mirror.repository());
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot read the refs of the clone of " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Clones or reuses the local mirror and makes the first fetch; see {@link Builder#build()}. */
    private void start(Path basedir) {
        try {
            mirror.fetch(credentials, timeout);
            refs = readRefs();
            status = FetchStatus.succeeded(clock.instant());
            return;
        } catch (ConfigSourceException e) {
            refs = readRefs();
            if (refs.isEmpty()) {
                throw new ConfigSourceException(
                        "Cannot clone " + uri + " into " + basedir + ": " + GitMirror.reason(e.getCause()), e);
            }
            status = new FetchStatus(null, GitMirror.reason(e.getCause()), 1);
        }
        LOG.warn(
                "Git remote {} is unreachable at start ({}); serving the existing clone in {} until a fetch succeeds",
                uri,
                status.lastError(),
                basedir);
    }

    private static String stripTrailingSlashes(String value) {
        String stripped = value;
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }

    /** Deletes {@code directory} and everything in it; a failure is logged, not thrown. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the temporary Git clone {}: {}", directory, e.getMessage());
        }
    }

    /**
     * The outcome of the latest fetch.
     *
     * @param lastSuccess when a fetch last succeeded, or {@code null} if none has since start
     * @param lastError why the latest fetch failed, or {@code null} if it succeeded
     * @param failures fetches failed in a row since the last success
     */
    private record FetchStatus(Instant lastSuccess, String lastError, long failures) {
        static FetchStatus succeeded(Instant now) {
            return new FetchStatus(now, null, 0);
        }

        FetchStatus failed(String error) {
            return new FetchStatus(lastSuccess, error, failures + 1);
        }
    }

    /** Configures a {@link GitConfigSource}. Not thread-safe; build once. */
    public static final class Builder {
        private String uri;
        private Path basedir;
        private String defaultLabel;
        private String username;
        private String password;
        private List<String> searchPaths = List.of();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration unknownLabelFetchInterval = DEFAULT_UNKNOWN_LABEL_FETCH_INTERVAL;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The remote to mirror ({@code https://}, {@code ssh://}, {@code file://}); required. */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /**
         * The directory of the local clone. An existing clone of the same uri is reused; an empty or missing
         * directory gets a new one; anything else is refused. Default: a new temporary directory, deleted on
         * {@link GitConfigSource#close()}.
         */
        public Builder basedir(Path basedir) {
            this.basedir = basedir;
            return this;
        }

        /**
         * The label served when a request names none; {@code null} (the default) means {@code main}, or
         * {@code master} if the repository has no {@code main}.
         */
        public Builder defaultLabel(String defaultLabel) {
            this.defaultLabel = defaultLabel;
            return this;
        }

        /** The user name for HTTPS remotes; no credentials are sent unless it is set. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The password or token for HTTPS remotes. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Folders inside the repository to search besides its root, in increasing precedence (later folders
         * win), as Spring Cloud Config Server's {@code search-paths}: the root is always searched first, a
         * folder may hold {@code {application}}, {@code {profile}} and {@code {label}} (resolved per request)
         * and the wildcards {@code *}, {@code ?} and {@code **}. Default: the root only.
         *
         * @throws IllegalArgumentException if a folder has {@code ..} segments, naming it
         */
        public Builder searchPaths(List<String> searchPaths) {
            new GitSearchPaths(searchPaths);
            this.searchPaths = List.copyOf(searchPaths);
            return this;
        }

        /** @see #searchPaths(List) */
        public Builder searchPaths(String... searchPaths) {
            return searchPaths(Arrays.asList(searchPaths));
        }

        /** The connect and fetch timeout (whole seconds, at least one); default {@link #DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The least time between two fetches made because a request named an unknown label; default {@link
         * #DEFAULT_UNKNOWN_LABEL_FETCH_INTERVAL}. A request for an unknown label within it is answered from
         * the refs already fetched.
         */
        public Builder unknownLabelFetchInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException(
                        "unknown label fetch interval must not be negative, was " + interval);
            }
            this.unknownLabelFetchInterval = interval;
            return this;
        }

        /** The clock of health timestamps and of the unknown-label fetch interval; tests pass their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens or creates the local clone and fetches every branch and tag of the remote. Blocks on the
         * network.
         *
         * <p>If the remote is unreachable but the basedir holds a clone with refs, that clone is served, a
         * WARN line is logged and health is down until a fetch succeeds.
         *
         * @throws IllegalStateException if no uri was given
         * @throws ConfigSourceException if the remote is unreachable and there is no local clone to serve
         *     (naming the uri and the cause), or the basedir holds something other than a clone of the uri
         */
        public GitConfigSource build() {
            if (uri == null || uri.isBlank()) {
                throw new IllegalStateException("a Git source needs a uri");
            }
            Path directory = basedir;
            Path temporary = null;
            if (directory == null) {
                try {
                    temporary = Files.createTempDirectory("vortex-git-");
                } catch (IOException e) {
                    throw new ConfigSourceException(
                            "Cannot create a temporary directory for the clone of " + GitUris.redact(uri) + ": "
                                    + e.getMessage(),
                            e);
                }
                directory = temporary;
            }
            GitMirror mirror;
            try {
                mirror = GitMirror.open(uri, directory);
            } catch (RuntimeException e) {
                if (temporary != null) {
                    deleteRecursively(temporary);
                }
                throw e;
            }
            GitConfigSource source = new GitConfigSource(this, mirror, temporary);
            try {
                source.start(directory);
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
            return source;
        }
    }
}
