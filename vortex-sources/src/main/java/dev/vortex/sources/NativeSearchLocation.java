package dev.vortex.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One configured native search location: a directory ({@code /srv/config}), or a directory template with
 * Spring Cloud Config's placeholders {@code {application}}, {@code {profile}} and {@code {label}} ({@code
 * /srv/config/{application}}), resolved for each request. A leading {@code file:} is accepted and dropped, so
 * that Spring Cloud Config's {@code search-locations} can be copied as they are.
 *
 * <p>The {@linkplain #root() root} is the fixed part of the path before the first placeholder: it must exist,
 * and it is what is watched and fingerprinted. A resolved directory never leaves the root: request values
 * with {@code ..}, empty segments, backslashes or NUL are refused.
 *
 * <p>Immutable; safe for concurrent use.
 */
final class NativeSearchLocation {
    private static final String FILE_PREFIX = "file:";

    private final String template;
    private final Path root;

    private NativeSearchLocation(String template, Path root) {
        this.template = template;
        this.root = root;
    }

    /** Reads a configured location; relative paths are resolved against the working directory. */
    static NativeSearchLocation of(Path configured) {
        String spelled = configured.toString();
        if (spelled.startsWith(FILE_PREFIX)) {
            spelled = spelled.substring(FILE_PREFIX.length());
        }
        Path absolute = Path.of(spelled).toAbsolutePath().normalize();
        Path root = absolute.getRoot();
        for (Path element : absolute) {
            if (element.toString().contains("{")) {
                break;
            }
            root = root.resolve(element);
        }
        return new NativeSearchLocation(absolute.toString(), root);
    }

    /** The fixed directory this location lives in: the location itself when it has no placeholder. */
    Path root() {
        return root;
    }

    /** Whether the location has placeholders, so that its directory depends on the request. */
    boolean isTemplate() {
        return template.contains("{");
    }

    /**
     * The directory for one application, profile and label, as Spring Cloud Config's {@code
     * NativeEnvironmentRepository.getLocations} computes it; empty if a placeholder is left unresolved.
     *
     * @param application the application, or {@code null} for none (its placeholder stays unresolved)
     * @param profile the profile, or {@code null} for none
     * @throws IllegalArgumentException if a value could lead outside the root, naming it
     */
    Optional<Path> resolve(String application, String profile, String label) {
        String resolved = replace(template, "{application}", application, "application name");
        resolved = replace(resolved, "{profile}", profile, "profile");
        resolved = replace(resolved, "{label}", label, "label");
        if (resolved.contains("{")) {
            return Optional.empty();
        }
        Path directory = Path.of(resolved).normalize();
        if (!directory.startsWith(root)) {
            throw new IllegalArgumentException(
                    "invalid request: search location " + template + " resolves to " + directory + ", outside " + root);
        }
        return Optional.of(directory);
    }

    /**
     * The label folder of this location ({@code {location}/{label}/}) that Spring Cloud Config searches after
     * the plain locations; none for a template (SCC skips those too).
     *
     * @throws IllegalArgumentException if {@code label} could lead outside the location, naming it
     */
    Optional<Path> labelDirectory(String label) {
        if (isTemplate()) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(checked(label, "label")));
    }

    private static String replace(String text, String placeholder, String value, String what) {
        return value == null || !text.contains(placeholder) ? text : text.replace(placeholder, checked(value, what));
    }

    /** {@code value} if it is a relative path of plain segments ({@code feature/x} for a label). */
    private static String checked(String value, String what) {
        if (value.isEmpty() || value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0 || value.startsWith("/")) {
            throw invalid(value, what);
        }
        for (String segment : List.of(value.split("/", -1))) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(value, what);
            }
        }
        return value;
    }

    private static IllegalArgumentException invalid(String value, String what) {
        return new IllegalArgumentException("invalid " + what + " '" + value + "': must be a plain name or path");
    }

    @Override
    public String toString() {
        return template;
    }
}
