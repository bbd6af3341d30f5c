package dev.vortex.sources;

import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A search location that is a directory on disk. Files are read on every call; parsed files may come from a
 * cache shared by the source's requests, keyed by the file's real path, size, modification time and file key (inode),
 * so that a file is parsed again as soon as any of them changes (an edit, an atomic rename, a ConfigMap swap).
 *
 * <p>Symlinks inside the directory are followed (Kubernetes ConfigMap mounts are made of them), but only
 * while their real target stays under the directory's real path: a link pointing outside reads as absent.
 *
 * <p>Safe for concurrent use. A tree serves one resolution (the source makes one per request): the location's real
 * path is taken once, at its first read, rather than once per file read (a {@code realpath} is a system call per
 * path component), so a location swapped by a symlink is seen by the next resolution.
 */
final class NativeDirectoryTree implements ConfigFileTree {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDirectoryTree.class);

    /** How many parsed files a source keeps: every config file of a large directory. */
    static final int PARSED_FILES = 16_384;

    private final Path directory;
    private final BoundedCache<FileVersion, List<ConfigDocument>> parsed;
    /** The location's real path, once known; racy but idempotent (two threads may both compute it). */
    private volatile Path realDirectory;
    /** Whether a config file was found here (and read, or tried): the location held files at that moment. */
    private volatile boolean readAFile;

    /** @param directory the location; made absolute and normalised */
    NativeDirectoryTree(Path directory) {
        this(directory, null);
    }

    /**
     * @param directory the location; made absolute and normalised
     * @param parsed parsed files by version, shared by the source's requests; {@code null} to parse on every read
     */
    NativeDirectoryTree(Path directory, BoundedCache<FileVersion, List<ConfigDocument>> parsed) {
        this.directory = directory.toAbsolutePath().normalize();
        this.parsed = parsed;
    }

    /**
     * A version of one file in one format: the same key means the same bytes. For a file modified too recently for
     * its time to tell two writes apart ({@link RecentFileTimes}), {@code content} is the hash of the bytes that were
     * parsed; {@code null} otherwise, where size, time and file key tell.
     */
    record FileVersion(
            Path realFile, long size, FileTime modified, Object fileKey, ConfigFormat format, String content) {}

    Path directory() {
        return directory;
    }

    /** Whether {@link #readDocuments} found a config file here: the directory held files then. */
    boolean readAFile() {
        return readAFile;
    }

    @Override
    public Optional<byte[]> read(RelativePath path) {
        Path file = directory.resolve(path.value()).normalize();
        try {
            Optional<Path> realFile = realFile(file);
            return realFile.isPresent() ? Optional.of(Files.readAllBytes(realFile.get())) : Optional.empty();
        } catch (NoSuchFileException e) {
            // Deleted between the check and the read: as absent as if we had looked a moment later.
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<ConfigDocument>> readDocuments(RelativePath path, ConfigFormat format) {
        if (parsed == null) {
            return ConfigFileTree.super.readDocuments(path, format);
        }
        Path file = directory.resolve(path.value()).normalize();
        try {
            Optional<Path> realFile = realFile(file);
            if (realFile.isEmpty()) {
                return Optional.empty();
            }
            readAFile = true;
            // The attributes before the bytes: a file changed in between is cached under its old version, which
            // no later read asks for.
            BasicFileAttributes attributes = Files.readAttributes(realFile.get(), BasicFileAttributes.class);
            // A file so recent that another write could still leave these attributes as they are: its bytes, read
            // now, tell the version.
            byte[] recentBytes = RecentFileTimes.isRecent(attributes.lastModifiedTime(), System.currentTimeMillis())
                    ? Files.readAllBytes(realFile.get())
                    : null;
            FileVersion version = new FileVersion(
                    realFile.get(),
                    attributes.size(),
                    attributes.lastModifiedTime(),
                    attributes.fileKey(),
                    format,
                    recentBytes == null ? null : RecentFileTimes.contentHash(recentBytes));
            return Optional.of(parsed.get(
                    version,
                    () -> format.parse(sourceName(path), recentBytes != null ? recentBytes : bytes(realFile.get()))));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return Optional.empty();
            }
            throw new ConfigSourceException(
                    "Cannot read " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's real path when it is a regular file whose real path stays under the location's. */
    private Optional<Path> realFile(Path file) throws IOException {
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Path realFile = file.toRealPath();
        if (!realFile.startsWith(realDirectory())) {
            LOG.warn("Not reading {}: it resolves to {}, outside the search location {}", file, realFile, directory);
            return Optional.empty();
        }
        return Optional.of(realFile);
    }

    private Path realDirectory() throws IOException {
        Path real = realDirectory;
        if (real == null) {
            real = directory.toRealPath();
            realDirectory = real;
        }
        return real;
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
