package dev.vortex.sources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The application names and profiles of one request, split and checked.
 *
 * <p>Names and profiles become parts of file names, so each must be a single plain path segment; a request
 * for {@code ../secret} is refused here rather than trusted to reach the file system.
 *
 * @param names the config names in increasing precedence: {@code application} first, then the requested
 *     applications in request order (later ones win)
 * @param profiles the profiles in request order (later ones win), duplicates removed
 */
record ConfigRequest(List<String> names, List<String> profiles) {

    private static final String SHARED_NAME = "application";

    ConfigRequest {
        names = List.copyOf(names);
        profiles = List.copyOf(profiles);
    }

    /**
     * Splits a request as Spring Cloud Config does.
     *
     * @param application one application name or a comma list ({@code app1,app2})
     * @param profiles a comma list of profiles; may be {@code null} or empty
     * @throws IllegalArgumentException if a name or profile could not be a file name part, naming it
     */
    static ConfigRequest parse(String application, String profiles) {
        Set<String> names = new LinkedHashSet<>();
        names.add(SHARED_NAME);
        names.addAll(split(application, "application name"));
        return new ConfigRequest(new ArrayList<>(names), profiles(profiles));
    }

    /**
     * Splits a comma list of application names, in request order, duplicates removed; unlike {@link
     * #names()}, without the shared {@code application}.
     *
     * @throws IllegalArgumentException if a name could not be a file name part, naming it
     */
    static List<String> applications(String application) {
        return new ArrayList<>(split(application, "application name"));
    }

    /**
     * Splits a comma list of profiles, in request order, duplicates removed.
     *
     * @throws IllegalArgumentException if a profile could not be a file name part, naming it
     */
    static List<String> profiles(String profiles) {
        return new ArrayList<>(split(profiles, "profile"));
    }

    private static Set<String> split(String list, String what) {
        Set<String> parts = new LinkedHashSet<>();
        if (list == null) {
            return parts;
        }
        for (String part : list.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals(".")
                    || trimmed.equals("..")
                    || trimmed.indexOf('/') >= 0
                    || trimmed.indexOf('\\') >= 0
                    || trimmed.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid " + what + " '" + trimmed + "': must be a plain name");
            }
            parts.add(trimmed);
        }
        return parts;
    }
}
