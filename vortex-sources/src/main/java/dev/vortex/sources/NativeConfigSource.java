package dev.vortex.sources;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import dev.vortex.core.format.ConfigDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Configuration files in one or more local directories, like Spring Cloud Config's {@code native} profile.
 *
 * <p>Later directories win over earlier ones. As in Spring Cloud Config Server, a location may hold the
 * placeholders {@code {application}}, {@code {profile}} and {@code {label}}, resolved per request (for a comma
 * list, once for each application and profile), and a label also searches each plain location's folder of
 * that name, {@code {location}/{label}/}, above the locations themselves; without a label that folder is
 * {@code master/} ({@link #LABEL_FOLDER_DEFAULT}). {@link #defaultLabel()} is {@code null}: environments carry
 * the requested label and no version. Files are read on every call; the server caches.
 *
 * <p>Threading: reads keep no state and run concurrently without locks. {@link #refresh()} is serialised on
 * its own lock only to compare-and-replace the last fingerprint; reads never wait for it.
 */
public final class NativeConfigSource implements ConfigSource {

    /** The label folder searched when a request names no label, as Spring Cloud Config's native default. */
    public static final String LABEL_FOLDER_DEFAULT = "master";

    private static final int SETTLE_ROUNDS = 20;
    private static final long SETTLE_PAUSE_MILLIS = 50;

    private final List<NativeSearchLocation> locations;
    private final DirectoryFingerprint fingerprint;
    private final SearchLocationCheck locationCheck;
    private final Object refreshLock = new Object();
    /** Parsed files by version (path, size, modification time, file key), shared by every request. */
    private final BoundedCache<NativeDirectoryTree.FileVersion, List<ConfigDocument>> parsedFiles =
            new BoundedCache<>(NativeDirectoryTree.PARSED_FILES);

    private DirectoryFingerprint.Scan lastScan;

    private NativeConfigSource(List<NativeSearchLocation> locations, LongSupplier clockMillis) {
        this.locations = List.copyOf(locations);
        this.fingerprint = new DirectoryFingerprint(directories(), DirectoryFingerprint.MAX_FILES, clockMillis);
        this.locationCheck = new SearchLocationCheck(directories());
        this.lastScan = fingerprint.compute();
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
        return of(directories, System::currentTimeMillis);
    }

    /** As {@link #of(List)}, its scans telling recent files by {@code clockMillis} (a test's, to move time on). */
    static NativeConfigSource of(List<Path> directories, LongSupplier clockMillis) {
        if (directories == null || directories.isEmpty()) {
            throw new IllegalArgumentException("a native source needs at least one directory");
        }
        List<NativeSearchLocation> locations = new ArrayList<>();
        for (Path configured : directories) {
            NativeSearchLocation location = NativeSearchLocation.of(configured);
            Path directory = location.root();
            String what = location.isTemplate() ? " (the fixed part of " + location + ")" : "";
            if (!Files.exists(directory)) {
                throw new IllegalArgumentException("native search location " + directory + what + " does not exist");
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException(
                        "native search location " + directory + what + " is not a directory");
            }
            locations.add(location);
        }
        return new NativeConfigSource(locations, clockMillis);
    }

    /**
     * The directories to watch, lowest precedence first: each location, or for a location with placeholders
     * the fixed directory it lies in.
     */
    public List<Path> directories() {
        return locations.stream().map(NativeSearchLocation::root).toList();
    }

    /** {@link #directories()}: every location is watched. */
    @Override
    public List<Path> watchedDirectories() {
        return directories();
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
        ConfigRequest request = ConfigRequest.parse(application, profiles);
        List<NativeDirectoryTree> trees = trees(application, profiles, label);
        List<PropertySource> sources;
        try {
            sources = EnvironmentAssembler.propertySources(request, trees);
        } catch (RuntimeException e) {
            // A location that went away mid-read is the failure to report, not what reading it met.
            locationCheck.requireAvailable();
            throw e;
        }
        // After the reads (see SearchLocationCheck): what was read was there, and only the others are listed.
        locationCheck.requireAvailableAfterReading(trees.stream()
                .filter(NativeDirectoryTree::readAFile)
                .map(NativeDirectoryTree::directory)
                .toList());
        return new Environment(application, request.profiles(), label, null, null, sources);
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
        return PlainFileFinder.find(path, profiles, trees(application, profiles, label));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only locations without placeholders are listed (with their label folder): which applications a
     * template such as {@code {application}/} serves is not known until one is requested.
     */
    @Override
    public Set<String> configFileNames(String label) {
        locationCheck.requireAvailable();
        List<NativeDirectoryTree> trees = new ArrayList<>();
        for (NativeSearchLocation location : locations) {
            if (!location.isTemplate()) {
                trees.add(new NativeDirectoryTree(location.root()));
            }
        }
        for (NativeSearchLocation location : locations) {
            location.labelDirectory(labelFolder(label))
                    .filter(Files::isDirectory)
                    .map(NativeDirectoryTree::new)
                    .ifPresent(trees::add);
        }
        return ConfigFileNames.of(trees);
    }

    /**
     * The directories of one request, in increasing precedence, as Spring Cloud Config's {@code
     * NativeEnvironmentRepository.getLocations} lists them: each location resolved for every profile and
     * application of the request, then every plain location's label folder (for a comma list of labels, the
     * first label last, so that it wins). A directory named twice counts once, at its first place.
     */
    private List<NativeDirectoryTree> trees(String application, String profiles, String label) {
        String folder = labelFolder(label);
        Set<Path> directories = new LinkedHashSet<>();
        List<String> applications = orNone(ConfigRequest.applications(application));
        List<String> profileList = orNone(ConfigRequest.profiles(profiles));
        for (NativeSearchLocation location : locations) {
            for (String profile : profileList) {
                for (String name : applications) {
                    location.resolve(name, profile, folder).ifPresent(directories::add);
                }
            }
        }
        List<String> labels = new ArrayList<>(List.of(folder.split(",")));
        Collections.reverse(labels);
        for (NativeSearchLocation location : locations) {
            for (String each : labels) {
                if (!each.isBlank()) {
                    location.labelDirectory(each.trim()).ifPresent(directories::add);
                }
            }
        }
        return directories.stream()
                .map(directory -> new NativeDirectoryTree(directory, parsedFiles))
                .toList();
    }

    /** The values, or one {@code null} (a placeholder left unresolved) when there are none. */
    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? Collections.singletonList(null) : values;
    }

    private static String labelFolder(String label) {
        return label == null || label.isBlank() ? LABEL_FOLDER_DEFAULT : label;
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
     * Compares a fingerprint of every file (path, size, modification time, file key) with the one of the previous
     * call.
     *
     * <p>A search location that is not there (see {@link SearchLocationCheck}) is a failure, not a change:
     * nothing is reported until it is back, and then only what differs from the last good state.
     *
     * @return the files created, modified or deleted since the last call ({@link SourceChange#inEveryLabel}: a
     *     label is a folder of the locations, and the changed paths, relative to their location, include it), none
     *     if nothing changed, or {@link SourceChange#all()} when what changed cannot be told file by file (a folder
     *     that cannot be read, more files than the fingerprint's limit)
     */
    @Override
    public SourceChange refresh() {
        synchronized (refreshLock) {
            if (!locationCheck.availableLoggingChanges()) {
                return SourceChange.none();
            }
            DirectoryFingerprint.Scan current = fingerprint.compute(lastScan);
            if (current.unchangedSince(lastScan)) {
                // The same files, told apart by newer stamps: files no longer recent are not hashed again.
                lastScan = current;
                return SourceChange.none();
            }
            DirectoryFingerprint.Scan settled = settled(current, lastScan);
            // Settling may have watched a location being deleted file by file.
            if (!locationCheck.availableLoggingChanges()) {
                return SourceChange.none();
            }
            SourceChange change = settled.changesSince(lastScan);
            lastScan = settled;
            return change;
        }
    }

    /**
     * Waits until the directories stop changing, so that a file caught half-written (an editor that truncates
     * and then writes) is not served and pushed to every client; and while a config file that had content at the
     * last reported scan is empty, since an empty config pushed to every client would take each of its settings
     * away until the write lands (a writer stalled between truncating and writing for longer than one round). Bounded:
     * after a second, the change is reported anyway (a file emptied on purpose, continuous writes) and the next
     * refresh catches the rest.
     */
    private DirectoryFingerprint.Scan settled(DirectoryFingerprint.Scan changed, DirectoryFingerprint.Scan last) {
        DirectoryFingerprint.Scan previous = changed;
        for (int round = 0; round < SETTLE_ROUNDS; round++) {
            try {
                Thread.sleep(SETTLE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return previous;
            }
            // Compared with the previous round, then (once settled) with the last reported scan: contents are hashed
            // where either needs them.
            DirectoryFingerprint.Scan now = fingerprint.compute(previous, last);
            if (now.unchangedSince(previous) && !now.emptiedSince(last)) {
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
        return locations.stream().map(NativeSearchLocation::toString).toList();
    }
}
