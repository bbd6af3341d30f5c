package dev.vortex.sources;

import dev.vortex.core.format.ConfigFormat;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files a refresh found changed, known exactly: their paths relative to the search location or repository
 * they lie in, and whether any was created or deleted (rather than only modified).
 *
 * <p>{@link #mayAffect(String, String)} decides which configs such a change can reach, from file names alone. A
 * resolution reads, in each of its folders, only the files {@code N.ext} and {@code N-P.ext} where {@code N} is
 * {@code application} or one of the requested applications, {@code P} a profile and {@code ext} one of {@link
 * ConfigFormat}'s extensions (see {@link EnvironmentAssembler}); nothing in a file names another file to read.
 * Folders play no part: whatever folder a location or search path resolves to ({@code {application}}, {@code
 * {label}}, wildcards), the files read there are named that way. So a changed file whose name is not of that form
 * for a key's names and profiles cannot change that key's config: an edit of {@code orders-prod.yml} leaves {@code
 * orders/dev} alone (its profile-specific documents inside {@code orders.yml} are in {@code orders.yml}).
 * Conservatively: names and profiles are compared ignoring case and Unicode normalisation (a case-insensitive file
 * system serves {@code Orders.YML} to a request for {@code orders}). A path whose name is not a configuration file name at all ({@code README.md}, an
 * editor's {@code .orders.yml.swp}, {@code orders.yml~}) affects no key: no resolution reads it, and plain files
 * are read for each request that asks for one ({@link ConfigSource#findFile}), never cached.
 *
 * @param paths the changed paths, {@code /}-separated, relative to their location or repository root
 * @param namesChanged whether a file was created or deleted (or renamed), so that the set of file names differs
 */
public record ChangedFiles(Set<String> paths, boolean namesChanged) {
    /** Copies the path set. */
    public ChangedFiles {
        paths = Set.copyOf(paths);
    }

    /** No file changed. */
    public static ChangedFiles none() {
        return new ChangedFiles(Set.of(), false);
    }

    /** The files changed in this change or in {@code other} (two changes in a row). */
    public ChangedFiles plus(ChangedFiles other) {
        Set<String> both = new HashSet<>(paths);
        both.addAll(other.paths);
        return new ChangedFiles(both, namesChanged || other.namesChanged);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /**
     * Whether a resolution of {@code application} with {@code profiles} could read one of the changed files: its
     * names are {@code application} and the applications of the comma list, and it reads {@code N.ext} and, for
     * each requested profile {@code P}, {@code N-P.ext}.
     *
     * @param application one application name or a comma list, as a request names it
     * @param profiles the comma list of profiles, as a request names it
     * @return {@code true} unless no changed file can be read for it (so {@code false} when none is a configuration
     *     file)
     */
    public boolean mayAffect(String application, String profiles) {
        ConfigRequest request;
        try {
            request = ConfigRequest.parse(application, profiles);
        } catch (IllegalArgumentException e) {
            // Not a name any resolution accepts; whatever it is, do not skip it.
            return true;
        }
        List<String> names = request.names().stream().map(ChangedFiles::folded).toList();
        Set<String> profileNames = new HashSet<>();
        request.profiles().forEach(profile -> profileNames.add(folded(profile)));
        for (String path : paths) {
            if (mayBeRead(path, names, profileNames)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file at {@code path} could be read for the config names {@code names} and profiles (folded). */
    private static boolean mayBeRead(String path, List<String> names, Set<String> profiles) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0 || ConfigFormat.forFileName(fileName).isEmpty()) {
            // Not {name}.{format} for any name: no resolution reads it.
            return false;
        }
        String stem = folded(fileName.substring(0, dot));
        for (String name : names) {
            if (stem.equals(name)
                    || (stem.startsWith(name + "-") && profiles.contains(stem.substring(name.length() + 1)))) {
                return true;
            }
        }
        return false;
    }

    /** One spelling for names a case-insensitive or normalising file system takes as the same. */
    private static String folded(String name) {
        String composed = Normalizer.normalize(name, Normalizer.Form.NFC);
        return composed.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
