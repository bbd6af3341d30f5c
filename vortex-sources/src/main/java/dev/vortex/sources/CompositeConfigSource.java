package dev.vortex.sources;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several sources (Git and native, say) answering together, as Spring Cloud Config Server's {@code composite}
 * profile does with its {@code CompositeEnvironmentRepository}: an environment holds the property sources of
 * every source, the first source's above the second's, and any source's failure fails the request ({@code
 * fail-on-composite-error}, true by default in SCC). A plain file comes from the first source that has it.
 *
 * <p>The environment carries the requested label and, with more than one source, no version, as in SCC.
 * {@link #defaultLabel()} is {@code null}: each source applies its own. A refresh reports the sources' changes
 * {@link SourceChange#combined combined}, each with its source's default label (a config cached here without a label
 * is one of each source's default label), so that an edit re-resolves only the configs that one of the sources'
 * changes reaches, files and profiles included, as with a single source.
 *
 * <p>As thread-safe as its sources; it keeps no state of its own.
 */
public final class CompositeConfigSource implements ConfigSource {
    private final List<ConfigSource> sources;

    private CompositeConfigSource(List<ConfigSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param sources the sources, highest precedence first; at least one
     * @throws IllegalArgumentException if there is none
     */
    public static CompositeConfigSource of(List<ConfigSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a composite source needs at least one source");
        }
        return new CompositeConfigSource(sources);
    }

    @Override
    public Environment find(String application, String profiles, String label) {
        List<PropertySource> all = new ArrayList<>();
        Environment last = null;
        for (ConfigSource source : sources) {
            last = source.find(application, profiles, label);
            all.addAll(last.propertySources());
        }
        boolean single = sources.size() == 1;
        return new Environment(
                application, last.profiles(), label, single ? last.version() : null, single ? last.state() : null, all);
    }

    @Override
    public Optional<SourceFile> findFile(String application, String profiles, String label, String path) {
        for (ConfigSource source : sources) {
            Optional<SourceFile> file = source.findFile(application, profiles, label, path);
            if (file.isPresent()) {
                return file;
            }
        }
        return Optional.empty();
    }

    @Override
    public Set<String> configFileNames(String label) {
        Set<String> names = new TreeSet<>();
        for (ConfigSource source : sources) {
            names.addAll(source.configFileNames(label));
        }
        return names;
    }

    @Override
    public String defaultLabel() {
        return null;
    }

    @Override
    public String description() {
        return "composite " + sources.stream().map(ConfigSource::description).toList();
    }

    /** Up while every source is; details: each source's, by its description. */
    @Override
    public SourceHealth health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ConfigSource source : sources) {
            SourceHealth health = source.health();
            up &= health.up();
            Map<String, Object> entry = new LinkedHashMap<>(health.details());
            entry.put("status", health.up() ? "UP" : "DOWN");
            details.put(source.description(), entry);
        }
        return new SourceHealth(up, details);
    }

    @Override
    public SourceChange refresh() {
        List<SourceChange.Part> parts = new ArrayList<>();
        for (ConfigSource source : sources) {
            parts.add(new SourceChange.Part(source.refresh(), source.defaultLabel()));
        }
        return SourceChange.combined(parts);
    }

    @Override
    public List<Path> watchedDirectories() {
        List<Path> all = new ArrayList<>();
        sources.forEach(source -> all.addAll(source.watchedDirectories()));
        return all;
    }

    @Override
    public void close() {
        sources.forEach(ConfigSource::close);
    }
}
