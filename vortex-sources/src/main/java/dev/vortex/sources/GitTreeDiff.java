package dev.vortex.sources;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The files that differ between two commits of a repository: every path, at any depth, whose blob or mode differs
 * or which only one of them has. Unchanged folders are skipped whole (their tree ids are equal), so the cost
 * follows the size of the change, not of the repository.
 *
 * <p>Stateless; each call reads through its own {@link ObjectReader}.
 */
final class GitTreeDiff {
    private GitTreeDiff() {}

    /**
     * @param repository the repository holding both commits
     * @param from the commit a label pointed at
     * @param to the commit it points at now
     * @return the changed files, or empty when either is not a readable commit (a tag of a tree, objects gone):
     *     then nothing exact is known
     */
    static Optional<ChangedFiles> between(Repository repository, ObjectId from, ObjectId to) {
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk commits = new RevWalk(reader);
                TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commits.parseCommit(from).getTree());
            walk.addTree(commits.parseCommit(to).getTree());
            walk.setFilter(TreeFilter.ANY_DIFF);
            // Not recursive: a folder on one side and a file of the same name on the other must each be seen.
            walk.setRecursive(false);
            Set<String> paths = new HashSet<>();
            boolean namesChanged = false;
            while (walk.next()) {
                int before = walk.getRawMode(0);
                int after = walk.getRawMode(1);
                boolean folderBefore = FileMode.TREE.equals(before);
                boolean folderAfter = FileMode.TREE.equals(after);
                if (folderBefore || folderAfter) {
                    if ((!folderBefore && before != 0) || (!folderAfter && after != 0)) {
                        // A file and a folder under one name: the file is gone or new.
                        paths.add(walk.getPathString());
                        namesChanged = true;
                    }
                    walk.enterSubtree();
                    continue;
                }
                paths.add(walk.getPathString());
                namesChanged |= before == 0 || after == 0;
            }
            return Optional.of(new ChangedFiles(paths, namesChanged));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
