package dev.vortex.sources;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether every native search location is still there. A location that was moved away, deleted or
 * replaced by a file, or that is empty after it held files (an unmounted volume looks exactly like that), is
 * a failure of the source, like an unreachable Git remote, and not an empty configuration: serving it would
 * tell every client that all its settings are gone.
 *
 * <p>A resolution checks after it has read ({@link #requireAvailableAfterReading}), and lists only the locations it
 * read no file from: a location it read a file from held files a moment ago, and listing a directory costs far more
 * than the {@code stat} (~0.25 ms for a folder of 1,000 files, the kernel filling a buffer with hundreds of entries:
 * two thirds of a resolution's CPU there). Checking after the reads is also the safer order: a location that
 * vanishes while a resolution reads fails that resolution instead of letting it serve what little it read.
 *
 * <p>Thread-safe: {@link #problem()} is called by resolver threads and the refresh thread alike; the only
 * state is whether each location has held files (which only ever turns true) and the last problem logged.
 */
final class SearchLocationCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SearchLocationCheck.class);

    private final List<Path> directories;
    private final AtomicBoolean[] heldFiles;
    private final AtomicReference<String> lastLogged = new AtomicReference<>();

    SearchLocationCheck(List<Path> directories) {
        this.directories = List.copyOf(directories);
        this.heldFiles = new AtomicBoolean[directories.size()];
        for (int i = 0; i < heldFiles.length; i++) {
            heldFiles[i] = new AtomicBoolean();
        }
        problem();
    }

    /** What is wrong with the search locations, naming the first one that is not there; empty when none. */
    Optional<String> problem() {
        return problem(List.of());
    }

    /**
     * As {@link #problem()}, without listing the locations that hold one of {@code directoriesRead}: a file was just
     * read there, so they are not empty.
     */
    private Optional<String> problem(Collection<Path> directoriesRead) {
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
            if (holdsOneOf(directory, directoriesRead)) {
                heldFiles[i].set(true);
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                if (entries.iterator().hasNext()) {
                    heldFiles[i].set(true);
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

    private static boolean holdsOneOf(Path location, Collection<Path> directories) {
        for (Path directory : directories) {
            if (directory.startsWith(location)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws SourceUnavailableException naming the location that is not there
     */
    void requireAvailable() {
        requireAvailableAfterReading(List.of());
    }

    /**
     * The check for a resolution that has read its files: the locations that hold one of {@code directoriesRead} (a
     * file was read there) are only {@code stat}ed, the others listed as well.
     *
     * @param directoriesRead the directories, absolute and normalised like the locations, where a file was read
     * @throws SourceUnavailableException naming the location that is not there
     */
    void requireAvailableAfterReading(Collection<Path> directoriesRead) {
        Optional<String> problem = problem(directoriesRead);
        if (problem.isPresent()) {
            throw new SourceUnavailableException(problem.get());
        }
    }
}
