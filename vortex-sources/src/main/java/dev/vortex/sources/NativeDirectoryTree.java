package dev.vortex.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A search location that is a directory on disk. Files are read on every call; caching is the server's job.
 *
 * <p>Symlinks inside the directory are followed (Kubernetes ConfigMap mounts are made of them), but only
 * while their real target stays under the directory's real path: a link pointing outside reads as absent.
 *
 * <p>Immutable; safe for concurrent use.
 */
final class NativeDirectoryTree implements ConfigFileTree {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDirectoryTree.class);

    private final Path directory;

    /** @param directory the location; made absolute and normalised */
    NativeDirectoryTree(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    @Override
    public Optional<byte[]> read(RelativePath path) {
        Path file = directory.resolve(path.value()).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Path realFile = file.toRealPath();
            if (!realFile.startsWith(directory.toRealPath())) {
                LOG.warn(
                        "Not reading {}: it resolves to {}, outside the search location {}", file, realFile, directory);
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(realFile));
        } catch (NoSuchFileException e) {
            // Deleted between the check and the read: as absent as if we had looked a moment later.
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> fileNames() {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .map(file -> file.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String sourceName(RelativePath path) {
        String absolute = directory.resolve(path.value()).toString().replace('\\', '/');
        return "file:" + (absolute.startsWith("/") ? "" : "/") + absolute;
    }
}
