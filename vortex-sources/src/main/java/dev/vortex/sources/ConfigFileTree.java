package dev.vortex.sources;

import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.util.List;
import java.util.Optional;

/**
 * One search location as the resolution logic sees it: a directory on disk, or a folder of one Git commit.
 * Native and Git sources differ only here; which files are read and in which order is decided once, in
 * {@link EnvironmentAssembler} and {@link PlainFileFinder}.
 */
interface ConfigFileTree {

    /**
     * Reads a file of this location.
     *
     * @return the bytes, or empty if there is no regular file at {@code path} (or it may not be read)
     * @throws ConfigSourceException if the file exists but cannot be read
     */
    Optional<byte[]> read(RelativePath path);

    /**
     * Reads and parses a configuration file of this location. A location may return the documents it parsed for
     * an earlier request when the file has not changed (they are immutable).
     *
     * @return the documents, or empty if there is no regular file at {@code path}
     * @throws dev.vortex.core.ConfigFormatException if the file cannot be parsed, naming it
     */
    default Optional<List<ConfigDocument>> readDocuments(RelativePath path, ConfigFormat format) {
        return read(path).map(content -> format.parse(sourceName(path), content));
    }

    /**
     * The name Spring Cloud Config gives a property source read from {@code path}, e.g. {@code
     * file:/srv/config/myapp-prod.yml} or {@code https://host/repo.git/myapp-prod.yml}.
     */
    String sourceName(RelativePath path);

    /**
     * The names of the regular files directly in this location (not in subfolders), for discovering which
     * applications and profiles exist.
     *
     * @throws ConfigSourceException if the location cannot be listed
     */
    List<String> fileNames();
}
