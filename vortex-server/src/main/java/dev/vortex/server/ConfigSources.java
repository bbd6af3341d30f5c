package dev.vortex.server;

import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.GitConfigSource;
import dev.vortex.sources.GitRepositorySettings;
import dev.vortex.sources.MultiRepositoryGitSource;
import dev.vortex.sources.NativeConfigSource;
import dev.vortex.sources.OverridingConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Opens the backend that the settings ask for, falling back to the embedded sample repository. */
final class ConfigSources {
    /** The sample repository, relative to the Vortex home directory (the checkout, for {@code bin/vortex}). */
    static final Path EMBEDDED_REPOSITORY = Path.of("examples", "config-repo");

    private ConfigSources() {}

    static ConfigSource open(ServerSettings settings) {
        return OverridingConfigSource.of(openBackend(settings), settings.overrides());
    }

    private static ConfigSource openBackend(ServerSettings settings) {
        if (settings.gitUri().isPresent()) {
            GitRepositorySettings repository = new GitRepositorySettings(
                    MultiRepositoryGitSource.DEFAULT_REPOSITORY,
                    List.of(),
                    settings.gitUri().get(),
                    settings.gitSearchPaths(),
                    settings.gitDefaultLabel().orElse(null),
                    settings.gitUsername().orElse(null),
                    settings.gitPassword().orElse(null),
                    settings.gitBasedir().orElse(null));
            if (repository.uri().contains("{") || !settings.gitRepos().isEmpty()) {
                return MultiRepositoryGitSource.open(repository, settings.gitRepos(), ConfigSources::openGit);
            }
            return openGit(repository);
        }
        if (!settings.nativeLocations().isEmpty()) {
            return NativeConfigSource.of(settings.nativeLocations());
        }
        return NativeConfigSource.of(List.of(embeddedRepository()));
    }

    /** Clones (or reuses) one Git repository. */
    private static GitConfigSource openGit(GitRepositorySettings repository) {
        GitConfigSource.Builder git = GitConfigSource.builder()
                .uri(repository.uri())
                .searchPaths(repository.searchPaths())
                .defaultLabel(repository.defaultLabel())
                .username(repository.username())
                .password(repository.password());
        if (repository.basedir() != null) {
            git.basedir(repository.basedir());
        }
        return git.build();
    }

    static Duration refreshInterval(ServerSettings settings) {
        return settings.gitUri().isPresent() ? settings.gitRefreshInterval() : settings.nativeRefreshInterval();
    }

    /**
     * Finds {@code examples/config-repo} under {@code vortex.home} (set by {@code bin/vortex}), the
     * {@code VORTEX_HOME} environment variable, or the working directory, in that order.
     */
    static Path embeddedRepository() {
        String home = System.getProperty("vortex.home", System.getenv("VORTEX_HOME"));
        Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        Path repository = base.resolve(EMBEDDED_REPOSITORY).toAbsolutePath().normalize();
        if (!Files.isDirectory(repository)) {
            throw new IllegalStateException("no backend given and the sample repository " + repository
                    + " does not exist; pass --native DIR or --git URI, or set VORTEX_HOME to the Vortex checkout");
        }
        return repository;
    }
}
