package dev.vortex.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a plain-text file (the {@code /{application}/{profile}/{label}/{path}} endpoint) across search
 * locations.
 *
 * <p>For {@code nginx/nginx.conf} with profiles {@code a,b} the candidates are {@code nginx/nginx-b.conf},
 * {@code nginx/nginx-a.conf}, then {@code nginx/nginx.conf}; each candidate is looked up in every location,
 * last location first, before the next candidate is tried. So a profile variant anywhere beats the plain
 * file anywhere, the same way profile-specific property files beat profile-less ones.
 *
 * <p>Stateless; safe for concurrent use as long as the trees are.
 */
final class PlainFileFinder {

    private PlainFileFinder() {}

    /**
     * @param path the requested path; checked by {@link RelativePath}
     * @throws IllegalArgumentException if the path could leave a location, naming it
     */
    static Optional<SourceFile> find(String path, String profiles, List<? extends ConfigFileTree> locations) {
        RelativePath plain = new RelativePath(path);
        // The application plays no part in plain file names, only the profiles do.
        List<String> profileList = ConfigRequest.profiles(profiles);
        List<RelativePath> candidates = new ArrayList<>();
        for (int i = profileList.size() - 1; i >= 0; i--) {
            candidates.add(plain.withProfile(profileList.get(i)));
        }
        candidates.add(plain);
        for (RelativePath candidate : candidates) {
            Optional<SourceFile> found = findInLocations(candidate, locations);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<SourceFile> findInLocations(RelativePath path, List<? extends ConfigFileTree> locations) {
        for (int i = locations.size() - 1; i >= 0; i--) {
            ConfigFileTree location = locations.get(i);
            Optional<byte[]> content = location.read(path);
            if (content.isPresent()) {
                return Optional.of(new SourceFile(location.sourceName(path), content.get()));
            }
        }
        return Optional.empty();
    }
}
