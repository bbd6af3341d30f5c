package dev.vortex.sources;

import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * A search location that is a folder of one Git commit, read straight from the object database: no work
 * tree, no checkout, so any number of requests on any labels read at once.
 *
 * <p>Folder listings and parsed files come from the repository's {@link GitObjectCache}: a key costs only its own
 * files, not the files every key shares.
 *
 * <p>Thread-safe: the {@link Repository} and the cache are, and each read opens its own {@link ObjectReader}.
 */
final class GitCommitTree implements ConfigFileTree {
    private final GitObjectCache cache;
    private final ObjectId tree;
    private final String folder;
    private final String uri;

    /**
     * @param cache the repository and what its requests share
     * @param tree the commit's root tree
     * @param folder the search path inside the repository, {@code ""} for the root
     * @param uri the remote's URI without trailing slash, the prefix of source names
     */
    GitCommitTree(GitObjectCache cache, ObjectId tree, String folder, String uri) {
        this.cache = cache;
        this.tree = tree;
        this.folder = folder;
        this.uri = uri;
    }

    @Override
    public Optional<byte[]> read(RelativePath path) {
        return blob(path).map(blob -> bytes(path, blob));
    }

    @Override
    public Optional<List<ConfigDocument>> readDocuments(RelativePath path, ConfigFormat format) {
        return blob(path)
                .map(blob -> cache.documents(blob, format, () -> format.parse(sourceName(path), bytes(path, blob))));
    }

    /** The blob of the regular file at {@code path}, from the folder's listing. */
    private Optional<ObjectId> blob(RelativePath path) {
        String repositoryPath = repositoryPath(path);
        int slash = repositoryPath.lastIndexOf('/');
        String parent = slash < 0 ? "" : repositoryPath.substring(0, slash);
        try {
            return Optional.ofNullable(cache.folder(tree, parent).get(repositoryPath.substring(slash + 1)));
        } catch (IOException e) {
            throw new ConfigSourceException(
                    "Cannot read " + sourceName(path) + " at " + tree.name() + ": " + e.getMessage(), e);
        }
    }

    private byte[] bytes(RelativePath path, ObjectId blob) {
        try (ObjectReader reader = cache.repository().newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getBytes();
        } catch (IOException e) {
            throw new ConfigSourceException(
                    "Cannot read " + sourceName(path) + " at " + tree.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> fileNames() {
        try {
            List<String> names = new ArrayList<>(cache.folder(tree, folder).keySet());
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new ConfigSourceException(
                    "Cannot list " + uri + "/" + folder + " at " + tree.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String sourceName(RelativePath path) {
        return uri + "/" + repositoryPath(path);
    }

    private String repositoryPath(RelativePath path) {
        return folder.isEmpty() ? path.value() : folder + "/" + path.value();
    }
}
