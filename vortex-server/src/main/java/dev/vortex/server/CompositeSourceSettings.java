package dev.vortex.server;

import dev.vortex.sources.GitRepositorySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * One source of a composite backend, as an entry of Spring Cloud Config Server's {@code composite} list:
 * a Git repository or native search locations, with an order (lower first, that is higher precedence; equal
 * orders keep the list's order).
 *
 * @param order the precedence, lower first
 * @param git the repository, for a Git source; {@code null} for a native one
 * @param nativeLocations the search locations, for a native source; empty for a Git one
 */
public record CompositeSourceSettings(int order, GitRepositorySettings git, List<Path> nativeLocations) {

    /** Checks that the entry is one kind of source. */
    public CompositeSourceSettings {
        nativeLocations = List.copyOf(nativeLocations);
        if ((git == null) == nativeLocations.isEmpty()) {
            throw new IllegalArgumentException(
                    "a composite source is either a Git repository or native search locations");
        }
    }

    /** A Git source. */
    public static CompositeSourceSettings git(int order, GitRepositorySettings git) {
        return new CompositeSourceSettings(order, git, List.of());
    }

    /** A native source. */
    public static CompositeSourceSettings nativeLocations(int order, List<Path> locations) {
        return new CompositeSourceSettings(order, null, locations);
    }
}
