package dev.vortex.sources;

import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What one Git repository's requests share: each folder of a commit's tree listed once (name to blob), and each
 * blob parsed once per format. Git objects never change, so neither entry is ever stale; a new commit has new
 * tree ids, and old entries age out (both maps are bounded, least recently used first).
 *
 * <p>Without it every key looked each of its ~16 candidate files up in the tree again (a linear scan of the
 * folder each time) and re-parsed the shared {@code application*.yml}: a thousand services starting at once paid
 * for the same files a thousand times.
 */
final class GitObjectCache {
    /** Folders kept: a few commits' worth of search paths. */
    static final int FOLDERS = 256;
    /** Parsed blobs kept: every config file of a large repository on a few labels. */
    static final int BLOBS = 16_384;

    private final Repository repository;
    private final BoundedCache<FolderKey, Map<String, ObjectId>> folders = new BoundedCache<>(FOLDERS);
    private final BoundedCache<BlobKey, List<ConfigDocument>> documents = new BoundedCache<>(BLOBS);

    GitObjectCache(Repository repository) {
        this.repository = repository;
    }

    Repository repository() {
        return repository;
    }

    /**
     * The regular files directly in {@code folder} of {@code tree}, name to blob id; empty when the folder does not
     * exist (or is not a folder).
     *
     * @param folder a path inside the repository, {@code ""} for the root
     */
    Map<String, ObjectId> folder(ObjectId tree, String folder) throws IOException {
        try {
            return folders.get(new FolderKey(tree.copy(), folder), () -> list(tree, folder));
        } catch (UncheckedListing e) {
            throw e.getCause();
        }
    }

    /** The documents of {@code blob} parsed as {@code format}; {@code parse} runs only on the first request. */
    List<ConfigDocument> documents(AnyObjectId blob, ConfigFormat format, Supplier<List<ConfigDocument>> parse) {
        return documents.get(new BlobKey(blob.copy(), format), parse);
    }

    private Map<String, ObjectId> list(ObjectId tree, String folder) {
        Map<String, ObjectId> files = new HashMap<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = folder.isEmpty() ? new TreeWalk(reader) : TreeWalk.forPath(reader, folder, tree)) {
            if (walk == null) {
                return Map.of();
            }
            if (folder.isEmpty()) {
                walk.addTree(tree);
            } else if (!walk.isSubtree()) {
                return Map.of();
            } else {
                walk.enterSubtree();
            }
            walk.setRecursive(false);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                // Symlinks and submodules are not files of this commit.
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    files.put(walk.getNameString(), walk.getObjectId(0));
                }
            }
            return Map.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedListing(e);
        }
    }

    private record FolderKey(ObjectId tree, String folder) {}

    private record BlobKey(ObjectId blob, ConfigFormat format) {}

    /** Carries a listing's IOException through the cache's Supplier. */
    private static final class UncheckedListing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedListing(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
