package dev.vortex.sources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A search location that is a folder of one Git commit, read straight from the object database: no work
 * tree, no checkout, so any number of requests on any labels read at once.
 *
 * <p>Thread-safe: the {@link Repository} is, and each read opens its own {@link ObjectReader}.
 */
final class GitCommitTree implements ConfigFileTree {
    private final Repository repository;
    private final ObjectId tree;
    private final String folder;
    private final String uri;

    /**
     * @param tree the commit's root tree
     * @param folder the search path inside the repository, {@code ""} for the root
     * @param uri the remote's URI without trailing slash, the prefix of source names
     */
    GitCommitTree(Repository repository, ObjectId tree, String folder, String uri) {
        this.repository = repository;
        this.tree = tree;
        this.folder = folder;
        this.uri = uri;
    }

    @Override
    public Optional<byte[]> read(RelativePath path) {
        String repositoryPath = repositoryPath(path);
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = TreeWalk.forPath(reader, repositoryPath, tree)) {
            if (walk == null) {
                return Optional.empty();
            }
            FileMode mode = walk.getFileMode(0);
            // Symlinks and submodules are not files of this commit.
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                return Optional.empty();
            }
            return Optional.of(
                    reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes());
        } catch (IOException e) {
            throw new ConfigSourceException(
                    "Cannot read " + sourceName(path) + " at " + tree.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> fileNames() {
        List<String> names = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = folder.isEmpty() ? new TreeWalk(reader) : TreeWalk.forPath(reader, folder, tree)) {
            if (walk == null) {
                return names;
            }
            if (folder.isEmpty()) {
                walk.addTree(tree);
            } else if (!walk.isSubtree()) {
                return names;
            } else {
                walk.enterSubtree();
            }
            walk.setRecursive(false);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    names.add(walk.getNameString());
                }
            }
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
