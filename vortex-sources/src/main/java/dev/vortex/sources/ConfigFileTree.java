package dev.vortex.sources;

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
