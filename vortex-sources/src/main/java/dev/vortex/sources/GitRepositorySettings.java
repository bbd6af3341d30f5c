package dev.vortex.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One Git repository of a {@link MultiRepositoryGitSource}, as Spring Cloud Config Server configures one
 * under {@code spring.cloud.config.server.git} (the default repository) or {@code ...git.repos.<name>}.
 *
 * @param name the repository's name ({@code default} for the default one)
 * @param patterns the {@code application/profile} patterns that route a request here ({@code *} matches
 *     anything; a pattern without {@code /} matches every profile); empty for the default repository. As in
 *     SCC, an empty list for a named repository means its name is the pattern.
 * @param uri the remote; may hold {@code {application}}, {@code {profile}} and {@code {label}} in its path,
 *     which give one clone per resolved URI
 * @param searchPaths folders searched after the root (see {@link GitConfigSource.Builder#searchPaths})
 * @param defaultLabel the label served when a request names none, or {@code null} for {@code main}, falling
 *     back to {@code master}
 * @param username the user name for HTTPS remotes, or {@code null}
 * @param password the password or token, or {@code null}
 * @param basedir where the clone lives (for a URI with placeholders: the directory holding one clone per
 *     resolved URI), or {@code null} for temporary directories
 */
public record GitRepositorySettings(
        String name,
        List<String> patterns,
        String uri,
        List<String> searchPaths,
        String defaultLabel,
        String username,
        String password,
        Path basedir) {

    /** Checks the required parts and copies the lists. */
    public GitRepositorySettings {
        Objects.requireNonNull(name, "name");
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Git repository '" + name + "' needs a uri");
        }
        patterns = List.copyOf(patterns);
        searchPaths = List.copyOf(searchPaths);
    }

    /** Whether the URI has placeholders, so that each request may need a clone of its own. */
    boolean isTemplate() {
        return uri.contains("{");
    }
}
