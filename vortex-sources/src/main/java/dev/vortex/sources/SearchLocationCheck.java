package dev.vortex.sources;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether every native search location is still there. A location that was moved away, deleted or
 * replaced by a file, or that is empty after it held files (an unmounted volume looks exactly like that), is
 * a failure of the source, like an unreachable Git remote, and not an empty configuration: serving it would
 * tell every client that all its settings are gone.
 *
 * <p>Listing a directory to see whether it is empty costs far more than the {@code stat} (~0.25 ms for a folder of
 * 1,000 files: the kernel fills a buffer with hundreds of entries), and it ran on every resolution. So a location's
 * {@code stat} (its file key and modification time) is remembered when a listing found entries, and while it stays
 * the same the listing is skipped: a directory's modification time moves whenever an entry is added or removed, and
 * an unmounted volume leaves the mount point's own directory (another file key). Only a time old enough to trust is
 * remembered ({@link RecentFileTimes}): an entry removed within the same clock tick as the listing would leave the
 * time as it was.
 *
 * <p>Thread-safe: {@link #problem()} is called by resolver threads and the refresh thread alike; the only
 * state is whether each location has held files (which only ever turns true), the {@code stat} of its last listing
 * that found entries, and the last problem logged.
 */
final class SearchLocationCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SearchLocationCheck.class);

    private final List<Path> directories;
    private final LongSupplier clockMillis;
    private final AtomicBoolean[] heldFiles;
    /** Per location: the file key and time of its directory when a listing last found entries; {@code null}: none. */
    private final List<AtomicReference<String>> listedWithEntries = new ArrayList<>();

    private final AtomicReference<String> lastLogged = new AtomicReference<>();

    /**
     * @param directories the search locations
     * @param clockMillis the time now, to tell a directory's recent modification time from an old one
     */
    SearchLocationCheck(List<Path> directories, LongSupplier clockMillis) {
        this.directories = List.copyOf(directories);
        this.clockMillis = clockMillis;
        this.heldFiles = new AtomicBoolean[directories.size()];
        for (int i = 0; i < heldFiles.length; i++) {
            heldFiles[i] = new AtomicBoolean();
            listedWithEntries.add(new AtomicReference<>());
        }
        problem();
    }

    /** What is wrong with the search locations, naming the first one that is not there; empty when none. */
    Optional<String> problem() {
        for (int i = 0; i < directories.size(); i++) {
            Path directory = directories.get(i);
            // One stat for both questions: this runs on every resolution and every refresh.
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(directory, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Optional.of("native search location " + directory + " does not exist (moved away or deleted)");
            } catch (IOException e) {
                return Optional.of("native search location " + directory + " cannot be read: " + e);
            }
            if (!attributes.isDirectory()) {
                return Optional.of("native search location " + directory + " is not a directory");
            }
            // Without a file key (some file systems have none) the time alone could be a remounted volume's.
            String stat = attributes.fileKey() == null
                    ? null
                    : attributes.fileKey() + "@" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (stat != null && stat.equals(listedWithEntries.get(i).get())) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                if (entries.iterator().hasNext()) {
                    heldFiles[i].set(true);
                    if (stat != null
                            && !RecentFileTimes.isRecent(attributes.lastModifiedTime(), clockMillis.getAsLong())) {
                        listedWithEntries.get(i).set(stat);
                    }
                } else if (heldFiles[i].get()) {
                    return Optional.of("native search location " + directory
                            + " is empty although it held files (an unmounted volume?)");
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of("native search location " + directory + " cannot be read: " + e);
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #problem()}, and logs when the answer changes: one warning when a location goes missing, one
     * line when all are back, never one per check.
     *
     * @return whether every location is there
     */
    boolean availableLoggingChanges() {
        String problem = problem().orElse(null);
        String previous = lastLogged.getAndSet(problem);
        if (problem != null && !problem.equals(previous)) {
            LOG.warn("{}: keeping the last good configs, nothing is pushed until it is back", problem);
        } else if (problem == null && previous != null) {
            LOG.info("native search locations {} are back", directories);
        }
        return problem == null;
    }

    /**
     * @throws SourceUnavailableException naming the location that is not there
     */
    void requireAvailable() {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new SourceUnavailableException(problem.get());
        }
    }
}
