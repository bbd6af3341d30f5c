package dev.vortex.sources;

import dev.vortex.core.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration files in one or more local directories, like Spring Cloud Config's {@code native} profile.
 *
 * <p>Later directories win over earlier ones. Labels are ignored: every label sees the same files, {@link
 * #defaultLabel()} is {@code null} and environments carry the requested label and no version. Files are
 * read on every call; the server caches.
 *
 * <p>Threading: reads keep no state and run concurrently without locks. {@link #refresh()} is serialised on
 * its own lock only to compare-and-replace the last fingerprint; reads never wait for it.
 */
public final class NativeConfigSource implements ConfigSource {

    private static final int SETTLE_ROUNDS = 20;
    private static final long SETTLE_PAUSE_MILLIS = 50;

    private final List<NativeDirectoryTree> locations;
    private final DirectoryFingerprint fingerprint;
    private final SearchLocationCheck locationCheck;
    private final Object refreshLock = new Object();
    private String lastFingerprint;

    private NativeConfigSource(List<Path> directories) {
        List<NativeDirectoryTree> trees = new ArrayList<>();
        for (Path directory : directories) {
            trees.add(new NativeDirectoryTree(directory));
        }
        this.locations = List.copyOf(trees);
        this.fingerprint = new DirectoryFingerprint(
                locations.stream().map(NativeDirectoryTree::directory).toList());
        this.locationCheck = new SearchLocationCheck(directories);
        this.lastFingerprint = fingerprint.compute();
    }

    /**
     * Serves the files of {@code directories}; later directories win.
     *
     * @param directories the search locations, at least one; each must exist and be a directory
     * @return the source
     * @throws IllegalArgumentException if no directory is given, or one does not exist or is not a directory,
     *     naming it
     */
    public static NativeConfigSource of(List<Path> directories) {
        if (directories == null || directories.isEmpty()) {
            throw new IllegalArgumentException("a native source needs at least one directory");
        }
        for (Path directory : directories) {
            if (!Files.exists(directory)) {
                throw new IllegalArgumentException(
                        "native search location " + directory.toAbsolutePath() + " does not exist");
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException(
                        "native search location " + directory.toAbsolutePath() + " is not a directory");
            }
        }
        return new NativeConfigSource(directories);
    }

    /** The search locations, lowest precedence first, for watching them. */
    public List<Path> directories() {
        return locations.stream().map(NativeDirectoryTree::directory).toList();
    }

    /**
     * Serves the files of {@code directories}; later directories win.
     *
     * @see #of(List)
     */
    public static NativeConfigSource of(Path... directories) {
        return of(Arrays.asList(directories));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if an application name or profile is not a plain name
     * @throws dev.vortex.core.ConfigFormatException if a file cannot be parsed, naming it
     */
    @Override
    public Environment find(String application, String profiles, String label) {
        locationCheck.requireAvailable();
        ConfigRequest request = ConfigRequest.parse(application, profiles);
        return new Environment(
                application,
                request.profiles(),
                label,
                null,
                null,
                EnvironmentAssembler.propertySources(request, locations));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code path} could leave the directories ({@code ..}, absolute,
     *     backslash, NUL); a symlink whose target lies outside its directory reads as absent
     */
    @Override
    public Optional<SourceFile> findFile(String application, String profiles, String label, String path) {
        locationCheck.requireAvailable();
        return PlainFileFinder.find(path, profiles, locations);
    }

    @Override
    public Set<String> configFileNames(String label) {
        locationCheck.requireAvailable();
        return ConfigFileNames.of(locations);
    }

    @Override
    public String defaultLabel() {
        return null;
    }

    @Override
    public String description() {
        return "native " + directoryNames();
    }

    /**
     * Up while every search location is there (see {@link SearchLocationCheck}); details: {@code directories}
     * and, when down, {@code error}.
     */
    @Override
    public SourceHealth health() {
        Optional<String> problem = locationCheck.problem();
        return problem.isEmpty()
                ? new SourceHealth(true, Map.of("directories", directoryNames()))
                : new SourceHealth(false, Map.of("directories", directoryNames(), "error", problem.get()));
    }

    /**
     * Compares a fingerprint of every file (path, size, modification time) with the one of the previous
     * call.
     *
     * <p>A search location that is not there (see {@link SearchLocationCheck}) is a failure, not a change:
     * nothing is reported until it is back, and then only what differs from the last good state.
     *
     * @return {@link SourceChange#all()} if any file was created, modified or deleted, else none
     */
    @Override
    public SourceChange refresh() {
        synchronized (refreshLock) {
            if (!locationCheck.availableLoggingChanges()) {
                return SourceChange.none();
            }
            String current = fingerprint.compute();
            if (current.equals(lastFingerprint)) {
                return SourceChange.none();
            }
            String settled = settled(current);
            // Settling may have watched a location being deleted file by file.
            if (!locationCheck.availableLoggingChanges()) {
                return SourceChange.none();
            }
            lastFingerprint = settled;
            return SourceChange.all();
        }
    }

    /**
     * Waits until the directories stop changing, so that a file caught half-written (an editor that truncates
     * and then writes) is not served and pushed to every client. Bounded: after a second of continuous
     * writes, the change is reported anyway and the next refresh catches the rest.
     */
    private String settled(String changed) {
        String previous = changed;
        for (int round = 0; round < SETTLE_ROUNDS; round++) {
            try {
                Thread.sleep(SETTLE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return previous;
            }
            String now = fingerprint.compute();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    private List<String> directoryNames() {
        return locations.stream()
                .map(location -> location.directory().toString())
                .toList();
    }
}
