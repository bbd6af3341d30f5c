package dev.vortex.server;

import dev.vortex.sources.CompositeConfigSource;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.GitConfigSource;
import dev.vortex.sources.GitRepositorySettings;
import dev.vortex.sources.MultiRepositoryGitSource;
import dev.vortex.sources.NativeConfigSource;
import dev.vortex.sources.OverridingConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
        if (!settings.composite().isEmpty()) {
            return openComposite(settings);
        }
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
            return openGit(repository, settings.gitRepos());
        }
        if (!settings.nativeLocations().isEmpty()) {
            return NativeConfigSource.of(settings.nativeLocations());
        }
        return NativeConfigSource.of(List.of(embeddedRepository()));
    }

    /** The composite's sources by order (a stable sort, so equal orders keep the list's order). */
    private static ConfigSource openComposite(ServerSettings settings) {
        List<CompositeSourceSettings> ordered = new ArrayList<>(settings.composite());
        ordered.sort(Comparator.comparingInt(CompositeSourceSettings::order));
        List<ConfigSource> sources = new ArrayList<>();
        try {
            for (CompositeSourceSettings entry : ordered) {
                sources.add(
                        entry.git() != null
                                ? openGit(entry.git(), List.of())
                                : NativeConfigSource.of(entry.nativeLocations()));
            }
        } catch (RuntimeException e) {
            sources.forEach(ConfigSource::close);
            throw e;
        }
        return CompositeConfigSource.of(sources);
    }

    /** One repository, or several when there are named ones or the URI has placeholders. */
    private static ConfigSource openGit(GitRepositorySettings repository, List<GitRepositorySettings> named) {
        if (repository.uri().contains("{") || !named.isEmpty()) {
            return MultiRepositoryGitSource.open(repository, named, ConfigSources::openGit);
        }
        return openGit(repository);
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

    /** The Git interval when any Git repository is served (native edits are watched anyway), else the native one. */
    static Duration refreshInterval(ServerSettings settings) {
        boolean git =
                settings.gitUri().isPresent() || settings.composite().stream().anyMatch(entry -> entry.git() != null);
        return git ? settings.gitRefreshInterval() : settings.nativeRefreshInterval();
    }

    /**
     * The Git remotes the instance polls, when it polls nothing but Git remotes: instances with the same ones
     * elect one poller among them. Empty when the backend is native, or a composite with native parts (their
     * directories are this machine's own, so every instance scans its own).
     */
    static List<String> gitRemotes(ServerSettings settings) {
        if (!settings.composite().isEmpty()) {
            if (settings.composite().stream().anyMatch(entry -> entry.git() == null)) {
                return List.of();
            }
            return settings.composite().stream().map(entry -> entry.git().uri()).toList();
        }
        if (settings.gitUri().isEmpty()) {
            return List.of();
        }
        List<String> remotes = new ArrayList<>();
        remotes.add(settings.gitUri().get());
        settings.gitRepos().forEach(repository -> remotes.add(repository.uri()));
        return remotes;
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
