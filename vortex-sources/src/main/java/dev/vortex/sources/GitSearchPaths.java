package dev.vortex.sources;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The folders of a Git commit that one request searches, as Spring Cloud Config Server's {@code
 * AbstractScmAccessor.getSearchLocations} lists them: the repository root first, then each configured search
 * path (later ones winning), each with {@code {application}}, {@code {profile}} and {@code {label}} replaced
 * for every application and profile of the request, and with wildcards ({@code *}, {@code ?}, {@code **})
 * expanded to the matching folders of the commit, in name order. A folder named twice counts once.
 *
 * <p>Immutable; safe for concurrent use.
 */
final class GitSearchPaths {
    private static final String ROOT = "";

    private final List<String> patterns;

    /**
     * @param configured the configured search paths, in increasing precedence; {@code ""} or {@code /} is the
     *     root
     * @throws IllegalArgumentException if a path is absolute after its leading slashes, or has {@code ..}
     *     segments, naming it
     */
    GitSearchPaths(List<String> configured) {
        List<String> all = new ArrayList<>();
        all.add(ROOT);
        for (String searchPath : configured) {
            String trimmed = stripSlashes(searchPath.trim());
            all.add(trimmed.isEmpty() ? ROOT : new RelativePath(trimmed).value());
        }
        this.patterns = List.copyOf(new LinkedHashSet<>(all));
    }

    /** The configured search paths without the root, for descriptions. */
    List<String> configured() {
        return patterns.subList(1, patterns.size());
    }

    /**
     * The folders searched for one request, in increasing precedence.
     *
     * @throws IllegalArgumentException if a request value would make a folder leave the repository
     */
    List<String> folders(
            Repository repository, ObjectId tree, List<String> applications, List<String> profiles, String label) {
        Set<String> folders = new LinkedHashSet<>();
        for (String pattern : patterns) {
            for (String profile : orNone(profiles)) {
                for (String application : orNone(applications)) {
                    String resolved = replace(pattern, "{application}", application);
                    resolved = replace(resolved, "{profile}", profile);
                    resolved = replace(resolved, "{label}", label);
                    if (!resolved.contains("{")) {
                        folders.addAll(expand(repository, tree, resolved));
                    }
                }
            }
        }
        return List.copyOf(folders);
    }

    /** The folders searched whatever the request: those without placeholders, for discovering applications. */
    List<String> fixedFolders(Repository repository, ObjectId tree) {
        Set<String> folders = new LinkedHashSet<>();
        for (String pattern : patterns) {
            if (!pattern.contains("{")) {
                folders.addAll(expand(repository, tree, pattern));
            }
        }
        return List.copyOf(folders);
    }

    private static List<String> expand(Repository repository, ObjectId tree, String folder) {
        if (folder.isEmpty()) {
            return List.of(ROOT);
        }
        String checked = new RelativePath(folder).value();
        if (checked.indexOf('*') < 0 && checked.indexOf('?') < 0) {
            return List.of(checked);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + checked);
        List<String> matches = new ArrayList<>();
        for (String candidate : subfolders(repository, tree)) {
            if (matcher.matches(Path.of(candidate))) {
                matches.add(candidate);
            }
        }
        Collections.sort(matches);
        return matches;
    }

    /** Every folder of the commit, at any depth. */
    private static List<String> subfolders(Repository repository, ObjectId tree) {
        List<String> folders = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.TREE) {
                    folders.add(walk.getPathString());
                    walk.enterSubtree();
                }
            }
        } catch (IOException e) {
            throw new ConfigSourceException("Cannot list the folders of " + tree.name() + ": " + e.getMessage(), e);
        }
        return folders;
    }

    private static String replace(String text, String placeholder, String value) {
        return value == null || !text.contains(placeholder) ? text : text.replace(placeholder, value);
    }

    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? Collections.singletonList(null) : values;
    }

    private static String stripSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
