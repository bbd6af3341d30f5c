package dev.vortex.sources;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a plain-text file (the {@code /{application}/{profile}/{label}/{path}} endpoint) across search
 * locations, in the order of Spring Cloud Config Server's {@code GenericResourceRepository}.
 *
 * <p>Locations are tried first to last, and the first location holding any candidate wins. Within a location,
 * for {@code nginx/nginx.conf} with profiles {@code a,b} the candidates are {@code nginx/nginx-a.conf}, {@code
 * nginx/nginx-b.conf}, then {@code nginx/nginx.conf}: profiles in request order, the profile {@code default}
 * standing for the plain file itself. (Unlike property files, where later locations and later profiles win.)
 *
 * <p>Stateless; safe for concurrent use as long as the trees are.
 */
final class PlainFileFinder {
    private static final String DEFAULT_PROFILE = "default";

    private PlainFileFinder() {}

    /**
     * @param path the requested path; checked by {@link RelativePath}
     * @param locations the search locations in configuration order
     * @throws IllegalArgumentException if the path could leave a location, naming it
     */
    static Optional<SourceFile> find(String path, String profiles, List<? extends ConfigFileTree> locations) {
        RelativePath plain = new RelativePath(path);
        // The application plays no part in plain file names, only the profiles do.
        Set<RelativePath> candidates = new LinkedHashSet<>();
        for (String profile : ConfigRequest.profiles(profiles)) {
            candidates.add(profile.equals(DEFAULT_PROFILE) ? plain : plain.withProfile(profile));
        }
        candidates.add(plain);
        for (ConfigFileTree location : locations) {
            for (RelativePath candidate : candidates) {
                Optional<byte[]> content = location.read(candidate);
                if (content.isPresent()) {
                    return Optional.of(new SourceFile(location.sourceName(candidate), content.get()));
                }
            }
        }
        return Optional.empty();
    }
}
