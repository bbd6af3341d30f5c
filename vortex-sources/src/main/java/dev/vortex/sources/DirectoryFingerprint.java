package dev.vortex.sources;

import dev.vortex.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cheap fingerprint of directory trees: the relative path, size and modification time of every regular
 * file, reduced to one SHA-256. Two equal fingerprints mean "nothing worth re-reading changed"; contents are
 * never read, so a scan costs one {@code stat} per file.
 *
 * <p>Symlinks are followed so that swapping a Kubernetes ConfigMap's {@code ..data} link is seen. The walk
 * stops after {@link #MAX_FILES} files (a mis-configured location such as {@code /} must not stall the
 * refresher); changes past the limit go unseen, which is logged once.
 *
 * <p>Thread-safe: {@link #compute()} keeps no state apart from the once-only warning flag.
 */
final class DirectoryFingerprint {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryFingerprint.class);

    static final int MAX_FILES = 100_000;

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

    /** Scans the directories now. */
    String compute() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            scan(i, directories.get(i), entries);
        }
        // The walk order is the file system's; sorting makes the fingerprint independent of it.
        Collections.sort(entries);
        MessageDigest digest = Sha256.newDigest();
        for (String entry : entries) {
            digest.update(entry.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void scan(int index, Path root, List<String> entries) {
        if (!Files.isDirectory(root)) {
            entries.add(index + "\0<missing>");
            return;
        }
        try {
            Files.walkFileTree(
                    root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (!attributes.isRegularFile()) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (entries.size() >= maxFiles) {
                                if (warnedAboutLimit.compareAndSet(false, true)) {
                                    LOG.warn(
                                            "More than {} files under {}; changes to the rest are not detected",
                                            maxFiles,
                                            directories);
                                }
                                return FileVisitResult.TERMINATE;
                            }
                            entries.add(index + "\0" + root.relativize(file) + "\0" + attributes.size() + "\0"
                                    + attributes.lastModifiedTime().toMillis());
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // A file vanishing mid-scan or a link loop: record it, the next scan will differ or not.
                            entries.add(index + "\0" + root.relativize(file) + "\0<unreadable>");
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            entries.add(index + "\0<unreadable>\0" + e.getMessage());
        }
    }
}
