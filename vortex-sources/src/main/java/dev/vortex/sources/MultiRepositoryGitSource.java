package dev.vortex.sources;

import dev.vortex.core.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several Git repositories behind one source, routed as Spring Cloud Config Server's {@code
 * MultipleJGitEnvironmentRepository} routes them: the named repositories ({@code repos.<name>}) in their
 * configured order, each matched by {@code application/profile} patterns, and the default repository for
 * whatever none of them serves. A URI with {@code {application}}, {@code {profile}} or {@code {label}} gives
 * one clone per resolved URI, made on first use.
 *
 * <p>For {@code /app/dev,prod}: each named repository whose patterns match {@code app/prod} or {@code
 * app/dev} is tried (for a URI with {@code {profile}}, once per profile, last first) if its patterns also
 * match the whole {@code app/dev,prod}; the first one that answers serves the request, and one that fails
 * (an unknown label, a repository that cannot be cloned) passes it on, as in SCC. The default repository
 * answers last, its failures reaching the client.
 *
 * <p>Labels: each repository has its own default label, so {@link #defaultLabel()} is {@code null} (requests
 * without a label are cached as such) and an environment reports the label its repository resolved. A
 * change in any repository is reported as {@link SourceChange#all()}, without its files (which repository serves
 * a key, and which of its labels a key without one means, is known only per request).
 *
 * <p>Threading: routing keeps no state; each repository is a thread-safe {@link GitConfigSource}.
 */
public final class MultiRepositoryGitSource implements ConfigSource {
    private static final Logger LOG = LoggerFactory.getLogger(MultiRepositoryGitSource.class);

    /** The name of the repository that serves what no named one does. */
    public static final String DEFAULT_REPOSITORY = "default";

    private final GitRepositorySlot defaultRepository;
    private final List<GitRepositorySlot> named;

    private MultiRepositoryGitSource(GitRepositorySlot defaultRepository, List<GitRepositorySlot> named) {
        this.defaultRepository = defaultRepository;
        this.named = List.copyOf(named);
    }

    /**
     * Opens every repository whose URI has no placeholders (cloning it, see {@link
     * GitConfigSource.Builder#build()}); the others are cloned on first use.
     *
     * @param defaultRepository the default repository (its patterns are ignored)
     * @param named the named repositories, in routing order
     * @param opener builds the source of one repository
     * @throws IllegalArgumentException if a URI has a placeholder in its host, naming it
     * @throws ConfigSourceException if a fixed repository cannot be cloned (see {@link
     *     GitConfigSource.Builder#build()})
     */
    public static MultiRepositoryGitSource open(
            GitRepositorySettings defaultRepository,
            List<GitRepositorySettings> named,
            Function<GitRepositorySettings, GitConfigSource> opener) {
        List<GitRepositorySlot> opened = new ArrayList<>();
        try {
            GitRepositorySlot fallback = new GitRepositorySlot(
                    new GitRepositorySettings(
                            DEFAULT_REPOSITORY,
                            List.of(),
                            defaultRepository.uri(),
                            defaultRepository.searchPaths(),
                            defaultRepository.defaultLabel(),
                            defaultRepository.username(),
                            defaultRepository.password(),
                            defaultRepository.basedir()),
                    opener);
            opened.add(fallback);
            for (GitRepositorySettings settings : named) {
                opened.add(new GitRepositorySlot(settings, opener));
            }
            return new MultiRepositoryGitSource(fallback, opened.subList(1, opened.size()));
        } catch (RuntimeException e) {
            opened.forEach(GitRepositorySlot::close);
            throw e;
        }
    }

    @Override
    public Environment find(String application, String profiles, String label) {
        return route(
                application,
                profiles,
                label,
                (source, resolvedLabel) -> source.find(application, profiles, resolvedLabel));
    }

    @Override
    public Optional<SourceFile> findFile(String application, String profiles, String label, String path) {
        // As SCC's getLocations: the repository that would serve the environment serves the file.
        GitConfigSource source = route(application, profiles, label, (candidate, resolvedLabel) -> {
            candidate.find(application, profiles, resolvedLabel);
            return candidate;
        });
        return source.findFile(application, profiles, label, path);
    }

    private <T> T route(String application, String profiles, String label, Answer<T> answer) {
        List<String> profileList = ConfigRequest.profiles(profiles);
        String requestedLabel = label;
        for (GitRepositorySlot repository : named) {
            // Both checks of SCC: some profile matches, and so does the profile list as requested.
            if (!repository.matches(application, profileList)
                    || !repository.acceptsProfileList(application, profiles)) {
                continue;
            }
            List<String> candidates = new ArrayList<>(profileList.isEmpty() ? List.of("") : profileList);
            Collections.reverse(candidates);
            for (String profile : candidates) {
                try {
                    GitConfigSource candidate = repository.source(application, profile, requestedLabel);
                    return answer.apply(candidate, requestedLabel);
                } catch (RuntimeException e) {
                    LOG.debug(
                            "repository {} cannot serve {}/{}: {}",
                            repository.name(),
                            application,
                            profiles,
                            e.toString());
                }
            }
        }
        GitConfigSource fallback = defaultRepository.source(application, profiles, requestedLabel);
        return answer.apply(fallback, requestedLabel);
    }

    /** What to do with the repository chosen for a request. */
    @FunctionalInterface
    private interface Answer<T> {
        T apply(GitConfigSource source, String label);
    }

    /**
     * The configuration files of the repositories with a fixed URI, at their default label (or {@code
     * label}); a repository that cannot be listed is left out.
     */
    @Override
    public Set<String> configFileNames(String label) {
        Set<String> names = new TreeSet<>();
        for (GitRepositorySlot repository : all()) {
            GitConfigSource fixed = repository.fixed();
            if (fixed != null) {
                try {
                    names.addAll(fixed.configFileNames(label));
                } catch (RuntimeException e) {
                    LOG.debug("cannot list the files of repository {}: {}", repository.name(), e.toString());
                }
            }
        }
        return names;
    }

    /** {@code null}: each repository has its own default label. */
    @Override
    public String defaultLabel() {
        return null;
    }

    @Override
    public String description() {
        List<String> names = named.stream().map(GitRepositorySlot::name).toList();
        GitConfigSource fixed = defaultRepository.fixed();
        String fallback = fixed != null ? fixed.description() : "git (a clone per resolved uri)";
        return fallback + (names.isEmpty() ? "" : " and repositories " + names);
    }

    /** Up while every clone made so far is; details per repository name. */
    @Override
    public SourceHealth health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (GitRepositorySlot repository : all()) {
            List<Object> clones = new ArrayList<>();
            for (GitConfigSource clone : repository.clones()) {
                SourceHealth health = clone.health();
                up &= health.up();
                Map<String, Object> entry = new LinkedHashMap<>(health.details());
                entry.put("status", health.up() ? "UP" : "DOWN");
                clones.add(entry);
            }
            details.put(repository.name(), clones);
        }
        return new SourceHealth(up, details);
    }

    /** Fetches every clone made so far; any change is reported as a change of everything. */
    @Override
    public SourceChange refresh() {
        boolean changed = false;
        for (GitRepositorySlot repository : all()) {
            for (GitConfigSource clone : repository.clones()) {
                changed |= !clone.refresh().isEmpty();
            }
        }
        return changed ? SourceChange.all() : SourceChange.none();
    }

    @Override
    public void close() {
        all().forEach(GitRepositorySlot::close);
    }

    private List<GitRepositorySlot> all() {
        List<GitRepositorySlot> all = new ArrayList<>(named);
        all.add(defaultRepository);
        return all;
    }
}
