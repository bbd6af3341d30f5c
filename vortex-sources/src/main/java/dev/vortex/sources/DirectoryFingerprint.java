package dev.vortex.sources;

import dev.vortex.core.format.ConfigFormat;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cheap fingerprint of directory trees: the relative path, size, modification time and file key (inode) of
 * every regular file. Two equal fingerprints mean "nothing worth re-reading changed", and two different ones tell
 * which files differ ({@link Scan#changesSince}). A scan costs one {@code stat} per file; contents are read only for
 * config files modified in the last few seconds, whose attributes cannot tell two writes apart yet
 * ({@link RecentFileTimes}).
 *
 * <p>Symlinks are followed so that swapping a Kubernetes ConfigMap's {@code ..data} link is seen: a file reached
 * through a link is listed under the link's path, with its target's attributes, so an edit of the target shows
 * as a change of every path leading to it. The walk stops after {@link #MAX_FILES} files (a mis-configured
 * location such as {@code /} must not stall the refresher); changes past the limit go unseen, which is logged
 * once.
 *
 * <p>Thread-safe: {@link #compute()} keeps no state apart from the once-only warning flag.
 */
final class DirectoryFingerprint {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryFingerprint.class);

    static final int MAX_FILES = 100_000;

    /** The version of an entry that could not be read: it says nothing about which config files it holds. */
    private static final FileStamp UNREADABLE = FileStamp.marker("<unreadable>");

    /** The version of a search location that is not a directory. */
    private static final FileStamp MISSING = FileStamp.marker("<missing>");

    private final List<Path> directories;
    private final int maxFiles;
    private final LongSupplier clockMillis;
    private final AtomicBoolean warnedAboutLimit = new AtomicBoolean();

    DirectoryFingerprint(List<Path> directories) {
        this(directories, MAX_FILES, System::currentTimeMillis);
    }

    DirectoryFingerprint(List<Path> directories, int maxFiles) {
        this(directories, maxFiles, System::currentTimeMillis);
    }

    /** @param clockMillis the wall clock that file times are compared with (a test's, to move time on) */
    DirectoryFingerprint(List<Path> directories, int maxFiles, LongSupplier clockMillis) {
        this.directories = List.copyOf(directories);
        this.maxFiles = maxFiles;
        this.clockMillis = clockMillis;
    }

    /**
     * One file (or, with a {@code null} path, a whole directory) of one search location.
     *
     * @param location the index of the directory
     * @param path the path relative to it, {@code /}-separated; {@code null} for the directory itself
     */
    record Entry(int location, String path) {}

    /**
     * What one scan saw of one file.
     *
     * @param attributes the size, modification time (to the nanosecond the file system keeps) and file key, or a
     *     marker for a missing or unreadable entry
     * @param content the SHA-256 of the file's bytes, when this scan needed it: the file's time was recent, or the
     *     scan before had it recent and the attributes are the same; {@code null} otherwise
     * @param recent whether the file's time was too recent, at this scan, to tell two writes apart
     *     ({@link RecentFileTimes}): a later scan that finds the same attributes compares contents
     * @param size the file's size in bytes; -1 for a marker
     */
    record FileStamp(String attributes, String content, boolean recent, long size) {
        static FileStamp marker(String marker) {
            return new FileStamp(marker, null, false, -1);
        }

        /**
         * Whether the file is as it was at {@code before}, an earlier scan's stamp: the same attributes, and, when
         * they could not tell a rewrite then, the same content.
         */
        boolean unchangedSince(FileStamp before) {
            return before != null
                    && attributes.equals(before.attributes)
                    && (!before.recent || Objects.equals(before.content, content));
        }
    }

    /**
     * The state of the directories at one scan.
     *
     * @param versions each file's stamp, or {@link #UNREADABLE}
     * @param complete whether every file was seen (not cut off by the file limit)
     */
    record Scan(Map<Entry, FileStamp> versions, boolean complete) {
        /** Holds {@code versions} as given, read-only: {@link #compute()} hands over a map it keeps no hold of. */
        Scan {
            versions = Collections.unmodifiableMap(versions);
        }

        /**
         * What changed from {@code before} to this scan.
         *
         * @return the change: nothing, the files that differ (in every label: label folders are folders of the
         *     locations), or everything when what differs says nothing exact (an unreadable directory, a scan cut
         *     off by the file limit)
         */
        SourceChange changesSince(Scan before) {
            if (unchangedSince(before)) {
                return SourceChange.none();
            }
            if (!complete || !before.complete) {
                return SourceChange.all();
            }
            Set<Entry> differing = new HashSet<>();
            versions.forEach((entry, version) -> {
                if (!version.unchangedSince(before.versions.get(entry))) {
                    differing.add(entry);
                }
            });
            before.versions.keySet().stream()
                    .filter(entry -> !versions.containsKey(entry))
                    .forEach(differing::add);
            Set<String> paths = new HashSet<>();
            boolean namesChanged = false;
            for (Entry entry : differing) {
                if (entry.path() == null
                        || UNREADABLE.equals(versions.get(entry))
                        || UNREADABLE.equals(before.versions.get(entry))) {
                    return SourceChange.all();
                }
                paths.add(entry.path());
                namesChanged |= !versions.containsKey(entry) || !before.versions.containsKey(entry);
            }
            return SourceChange.inEveryLabel(new ChangedFiles(paths, namesChanged));
        }

        /**
         * Whether a config file that held bytes at {@code before}, an earlier scan, is empty in this one: most
         * likely caught between the truncation and the write of a rewrite in place.
         */
        boolean emptiedSince(Scan before) {
            for (Map.Entry<Entry, FileStamp> file : versions.entrySet()) {
                FileStamp earlier = before.versions.get(file.getKey());
                if (file.getValue().size() == 0
                        && earlier != null
                        && earlier.size() > 0
                        && file.getKey().path() != null
                        && ConfigFormat.forFileName(file.getKey().path()).isPresent()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every file is as it was at {@code before}, an earlier scan, and no file came or went. */
        boolean unchangedSince(Scan before) {
            if (complete != before.complete || versions.size() != before.versions.size()) {
                return false;
            }
            for (Map.Entry<Entry, FileStamp> file : versions.entrySet()) {
                if (!file.getValue().unchangedSince(before.versions.get(file.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Scans the directories now.
     *
     * @param comparedWith the earlier scans this one will be compared with (none for a first scan): a file one of
     *     them found recent is hashed again while its attributes are still the same, so that a rewrite that kept
     *     them is seen
     */
    Scan compute(Scan... comparedWith) {
        Map<Entry, FileStamp> versions = new HashMap<>();
        boolean complete = true;
        long now = clockMillis.getAsLong();
        for (int i = 0; i < directories.size(); i++) {
            complete &= scan(i, directories.get(i), versions, List.of(comparedWith), now);
        }
        return new Scan(versions, complete);
    }

    /** @return false when the file limit cut the scan short */
    private boolean scan(int index, Path root, Map<Entry, FileStamp> versions, List<Scan> comparedWith, long now) {
        if (!Files.isDirectory(root)) {
            versions.put(new Entry(index, null), MISSING);
            return true;
        }
        boolean[] complete = {true};
        try {
            Files.walkFileTree(
                    root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (!attributes.isRegularFile()) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (versions.size() >= maxFiles) {
                                complete[0] = false;
                                if (warnedAboutLimit.compareAndSet(false, true)) {
                                    LOG.warn(
                                            "More than {} files under {}; changes to the rest are not detected",
                                            maxFiles,
                                            directories);
                                }
                                return FileVisitResult.TERMINATE;
                            }
                            Entry entry = entry(index, root, file);
                            String stamp = attributes.size() + "/"
                                    + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/"
                                    + attributes.fileKey();
                            versions.put(entry, stamp(file, stamp, attributes, entry, comparedWith, now));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // A file vanishing mid-scan, a link loop, a folder that cannot be listed: record it, the
                            // next scan will differ or not.
                            versions.put(entry(index, root, file), UNREADABLE);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            versions.put(new Entry(index, null), FileStamp.marker(UNREADABLE.attributes() + e.getMessage()));
        }
        return complete[0];
    }

    /**
     * The stamp of a file: its attributes, and its content's hash when a comparison needs it: with this scan's
     * successor, because the attributes cannot tell a rewrite yet (a config file whose time is recent), or with an
     * earlier scan that found the file recent and the same attributes as now. Once a file's time is old enough,
     * a scan hashes it one last time (to compare with the scan that found it recent) and then no more.
     */
    private static FileStamp stamp(
            Path file, String attributes, BasicFileAttributes read, Entry entry, List<Scan> comparedWith, long now) {
        boolean comparedByContent = false;
        for (Scan scan : comparedWith) {
            FileStamp before = scan.versions().get(entry);
            comparedByContent |=
                    before != null && before.recent() && before.attributes().equals(attributes);
        }
        // Only config files: a rewrite of any other file changes what no key reads (plain files are read afresh
        // on every request), and a large recent file of another kind is not worth reading on every scan.
        boolean recent = RecentFileTimes.isRecent(read.lastModifiedTime(), now)
                && ConfigFormat.forFileName(file.getFileName().toString()).isPresent();
        if (!comparedByContent && !recent) {
            return new FileStamp(attributes, null, false, read.size());
        }
        try {
            return new FileStamp(attributes, RecentFileTimes.contentHash(file), recent, read.size());
        } catch (IOException e) {
            // Gone or unreadable since it was listed: the next scan will tell.
            return UNREADABLE;
        }
    }

    private static Entry entry(int index, Path root, Path file) {
        return new Entry(index, root.relativize(file).toString().replace(File.separatorChar, '/'));
    }
}
