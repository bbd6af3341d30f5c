package dev.vortex.server.cli;

import dev.vortex.sources.GitRepositorySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code git.repos} map of the settings file, shaped as Spring Cloud Config's {@code
 * spring.cloud.config.server.git.repos}:
 *
 * <pre>
 * git:
 *   repos:
 *     team-a:
 *       pattern: team-a-*, '*&#47;dev'     # or a list
 *       uri: https://git.example.com/team-a.git
 *       search-paths: '{application}'    # optional, like the others below
 *       default-label: main
 *       username: ...
 *       password: ...
 *       basedir: /var/lib/vortex/team-a
 * </pre>
 */
final class GitReposSection {
    /** The settings-file prefix of the map. */
    static final String PREFIX = "git.repos";

    private static final Set<String> PROPERTIES =
            Set.of("pattern", "uri", "search-paths", "default-label", "username", "password", "basedir");

    private GitReposSection() {}

    /**
     * @param section the keys under {@code git.repos} ({@code team-a.uri}, ...), in file order
     * @return the repositories in file order, which is the order requests are matched in
     * @throws IllegalArgumentException for an unknown property or a repository without uri, naming it
     */
    static List<GitRepositorySettings> parse(Map<String, String> section) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        section.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String property = dot < 0 ? "" : key.substring(dot + 1);
            if (dot <= 0 || !PROPERTIES.contains(property)) {
                throw new IllegalArgumentException("unknown setting '" + PREFIX + "." + key + "'; a repository under "
                        + PREFIX + " knows " + new java.util.TreeSet<>(PROPERTIES));
            }
            byName.computeIfAbsent(key.substring(0, dot), name -> new LinkedHashMap<>())
                    .put(property, value);
        });
        List<GitRepositorySettings> repositories = new ArrayList<>();
        byName.forEach((name, properties) ->
                repositories.add(repository(name, SettingsDefaults.commaList(properties.get("pattern")), properties)));
        return repositories;
    }

    /**
     * A repository from its settings-file properties ({@code uri}, {@code search-paths}, {@code
     * default-label}, {@code username}, {@code password}, {@code basedir}).
     */
    static GitRepositorySettings repository(String name, List<String> patterns, Map<String, String> properties) {
        String basedir = properties.get("basedir");
        return new GitRepositorySettings(
                name,
                patterns,
                properties.get("uri"),
                SettingsDefaults.commaList(properties.get("search-paths")),
                properties.get("default-label"),
                properties.get("username"),
                properties.get("password"),
                basedir == null ? null : Path.of(basedir));
    }
}
