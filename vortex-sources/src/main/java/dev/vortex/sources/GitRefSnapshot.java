package dev.vortex.sources;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.Repository;

/**
 * The branches and tags of the local mirror at one moment, each mapped to the object it points at (tags
 * peeled, so an annotated tag maps to its commit).
 *
 * <p>Immutable: a source swaps in a new snapshot after each fetch, so one request resolves its label
 * against one consistent set of refs, without reading the ref database again.
 *
 * @param branches branch name (without {@code refs/heads/}) to commit
 * @param tags tag name (without {@code refs/tags/}) to peeled object
 */
record GitRefSnapshot(Map<String, ObjectId> branches, Map<String, ObjectId> tags) {

    GitRefSnapshot {
        branches = Map.copyOf(branches);
        tags = Map.copyOf(tags);
    }

    /** Reads the refs of {@code repository} now. */
    static GitRefSnapshot read(Repository repository) throws IOException {
        RefDatabase refs = repository.getRefDatabase();
        Map<String, ObjectId> branches = new HashMap<>();
        for (Ref ref : refs.getRefsByPrefix(Constants.R_HEADS)) {
            if (ref.getObjectId() != null) {
                branches.put(ref.getName().substring(Constants.R_HEADS.length()), ref.getObjectId());
            }
        }
        Map<String, ObjectId> tags = new HashMap<>();
        for (Ref ref : refs.getRefsByPrefix(Constants.R_TAGS)) {
            Ref peeled = refs.peel(ref);
            ObjectId target = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
            if (target != null) {
                tags.put(ref.getName().substring(Constants.R_TAGS.length()), target);
            }
        }
        return new GitRefSnapshot(branches, tags);
    }

    boolean isEmpty() {
        return branches.isEmpty() && tags.isEmpty();
    }

    Optional<ObjectId> branch(String name) {
        return Optional.ofNullable(branches.get(name));
    }

    Optional<ObjectId> tag(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /**
     * The labels whose target differs in {@code newer}: moved, created or deleted branches and tags, by
     * name (a branch and a tag of the same name give that name once).
     */
    Set<String> changedLabels(GitRefSnapshot newer) {
        Set<String> changed = new TreeSet<>();
        addChanged(branches, newer.branches, changed);
        addChanged(tags, newer.tags, changed);
        return changed;
    }

    private static void addChanged(Map<String, ObjectId> before, Map<String, ObjectId> after, Set<String> changed) {
        for (Map.Entry<String, ObjectId> entry : before.entrySet()) {
            if (!entry.getValue().equals(after.get(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        for (String name : after.keySet()) {
            if (!before.containsKey(name)) {
                changed.add(name);
            }
        }
    }
}
