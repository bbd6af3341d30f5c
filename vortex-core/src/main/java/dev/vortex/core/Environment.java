package dev.vortex.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The resolved configuration of one application, profile list and label, shaped exactly like Spring Cloud
 * Config's {@code Environment} JSON.
 *
 * @param name the application name as requested
 * @param profiles the requested profiles, in request order
 * @param label the label served (Git branch, tag or commit), or {@code null} for a backend without labels
 * @param version the backend's revision (Git commit id), or {@code null} for a backend without one
 * @param state backend state, usually {@code null}
 * @param propertySources the sources, highest precedence first
 */
public record Environment(
        String name,
        List<String> profiles,
        String label,
        String version,
        String state,
        List<PropertySource> propertySources) {

    /** Makes the lists unmodifiable copies. */
    public Environment {
        Objects.requireNonNull(name, "name");
        profiles = List.copyOf(profiles);
        propertySources = List.copyOf(propertySources);
    }

    /**
     * Merges all property sources with Spring Cloud Config precedence: for each key, the value of the
     * first (highest precedence) source that has it.
     *
     * @return the merged flat properties, sorted by key
     */
    public Map<String, Object> mergedProperties() {
        Map<String, Object> merged = new TreeMap<>();
        for (int i = propertySources.size() - 1; i >= 0; i--) {
            merged.putAll(propertySources.get(i).source());
        }
        return merged;
    }
}
