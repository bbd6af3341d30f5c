package dev.vortex.sources;

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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cheap fingerprint of directory trees: the relative path, size, modification time and file key (inode) of
 * every regular file. Two equal fingerprints mean "nothing worth re-reading changed", and two different ones tell
 * which files differ ({@link Scan#changesSince}); contents are never read, so a scan costs one {@code stat} per
 * file.
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
    private static final String UNREADABLE = "<unreadable>";

    private final List<Path> directories;
    private final int maxFiles;
    private final AtomicBoolean warnedAboutLimit = new AtomicBoolean();

    DirectoryFingerprint(List<Path> directories) {
        this(directories, MAX_FILES);
    }

    DirectoryFingerprint(List<Path> directories, int maxFiles) {
        this.directories = List.copyOf(directories);
        this.maxFiles = maxFiles;
    }

    /**
     * One file (or, with a {@code null} path, a whole directory) of one search location.
     *
     * @param location the index of the directory
     * @param path the path relative to it, {@code /}-separated; {@code null} for the directory itself
     */
    record Entry(int location, String path) {}

    /**
     * The state of the directories at one scan.
     *
     * @param versions each file's size, modification time and file key, or {@link #UNREADABLE}
     * @param complete whether every file was seen (not cut off by the file limit)
     */
    record Scan(Map<Entry, String> versions, boolean complete) {
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
            if (equals(before)) {
                return SourceChange.none();
            }
            if (!complete || !before.complete) {
                return SourceChange.all();
            }
            Set<Entry> differing = new HashSet<>();
            versions.forEach((entry, version) -> {
                if (!version.equals(before.versions.get(entry))) {
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
    }

    /** Scans the directories now. */
    Scan compute() {
        Map<Entry, String> versions = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < directories.size(); i++) {
            complete &= scan(i, directories.get(i), versions);
        }
        return new Scan(versions, complete);
    }

    /** @return false when the file limit cut the scan short */
    private boolean scan(int index, Path root, Map<Entry, String> versions) {
        if (!Files.isDirectory(root)) {
            versions.put(new Entry(index, null), "<missing>");
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
                            versions.put(
                                    entry(index, root, file),
                                    attributes.size() + "/"
                                            + attributes.lastModifiedTime().toMillis() + "/" + attributes.fileKey());
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
            versions.put(new Entry(index, null), UNREADABLE + e.getMessage());
        }
        return complete[0];
    }

    private static Entry entry(int index, Path root, Path file) {
        return new Entry(index, root.relativize(file).toString().replace(File.separatorChar, '/'));
    }
}
