package dev.vortex.sources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns a label into a commit: {@code refs/heads/<label>}, else {@code refs/tags/<label>} (peeled), else a
 * full or abbreviated commit id (2 to 40 lower-case hex digits, as JGit, and so Spring Cloud Config Server,
 * resolves them; an ambiguous abbreviation names nothing). A label may also spell the ref in full: {@code
 * refs/heads/main}, {@code refs/tags/v1}.
 *
 * <p>Nothing else is accepted: labels come from URLs, and JGit's {@code Repository.resolve} would also
 * evaluate revision expressions ({@code HEAD~1}, {@code main^}, {@code @{-1}}), which would let clients
 * reach commits no label names.
 *
 * <p>Thread-safe: each call reads through its own {@link ObjectReader}.
 */
final class GitCommitResolver {
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{2,40}");

    /** Commits whose root tree is kept: a few labels' worth of history. */
    static final int COMMITS = 256;

    private final Repository repository;
    // A commit's tree never changes, so every request on a label need not parse its commit again.
    private final BoundedCache<ObjectId, ObjectId> commitTrees = new BoundedCache<>(COMMITS);

    GitCommitResolver(Repository repository) {
        this.repository = repository;
    }

    /**
     * @param refs the refs to resolve names against
     * @param label the label; not {@code null}
     * @return the commit and its root tree
     * @throws NoSuchLabelException if no branch, tag or commit matches
     */
    ResolvedCommit resolve(GitRefSnapshot refs, String label) {
        Optional<ObjectId> named = label.startsWith(Constants.R_HEADS)
                ? refs.branch(label.substring(Constants.R_HEADS.length()))
                : label.startsWith(Constants.R_TAGS)
                        ? refs.tag(label.substring(Constants.R_TAGS.length()))
                        : refs.branch(label).or(() -> refs.tag(label));
        if (named.isPresent()) {
            ObjectId tree = commitTrees.find(named.get());
            if (tree != null) {
                return new ResolvedCommit(label, named.get(), tree);
            }
        }
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            Optional<ObjectId> target = named;
            if (target.isEmpty() && COMMIT_ID.matcher(label).matches()) {
                target = commitById(reader, label);
            }
            if (target.isEmpty()) {
                throw new NoSuchLabelException(label);
            }
            RevCommit commit = walk.parseCommit(target.get());
            ResolvedCommit resolved =
                    new ResolvedCommit(label, commit.copy(), commit.getTree().copy());
            commitTrees.put(resolved.commit(), resolved.tree());
            return resolved;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            // A tag pointing at a tree or blob, or a ref whose objects are gone: not a readable label.
            throw new NoSuchLabelException(label);
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot resolve label '" + label + "': " + e.getMessage(), e);
        }
    }

    private static Optional<ObjectId> commitById(ObjectReader reader, String hex) throws IOException {
        Collection<ObjectId> candidates = hex.length() == Constants.OBJECT_ID_STRING_LENGTH
                ? List.of(ObjectId.fromString(hex))
                : reader.resolve(AbbreviatedObjectId.fromString(hex));
        List<ObjectId> commits = new ArrayList<>();
        for (ObjectId candidate : candidates) {
            if (reader.has(candidate) && reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
                commits.add(candidate);
            }
        }
        // An ambiguous abbreviation names no single commit.
        return commits.size() == 1 ? Optional.of(commits.get(0)) : Optional.empty();
    }

    /**
     * @param label the label as requested
     * @param commit the commit it resolved to
     * @param tree the commit's root tree
     */
    record ResolvedCommit(String label, ObjectId commit, ObjectId tree) {}
}
