package dev.vortex.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
     * This environment with other property sources (decrypted, or with overrides in front), everything else kept.
     *
     * @param sources the sources, highest precedence first
     * @return the new environment
     */
    public Environment withPropertySources(List<PropertySource> sources) {
        return new Environment(name, profiles, label, version, state, sources);
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

    /**
     * The properties as Spring Cloud Config Server renders them ({@code .yml}, {@code .properties}, {@code
     * .json}), in its order: sources from the lowest precedence up, each key placed where it first appears
     * and given the value of the highest source; a list ({@code a[0]}, {@code a[1]}) comes whole from the
     * highest source that has one, and lists go after the other keys; {@code spring.profiles} is left out.
     *
     * @return the properties, in rendering order
     */
    public Map<String, Object> renderedProperties() {
        List<PropertySource> lowestFirst = new ArrayList<>(propertySources);
        Collections.reverse(lowestFirst);
        Map<String, Object> combined = new LinkedHashMap<>();
        Map<String, Map<String, Object>> lists = new LinkedHashMap<>();
        for (PropertySource source : lowestFirst) {
            Map<String, Map<String, Object>> listsOfSource = new LinkedHashMap<>();
            source.source().forEach((key, value) -> {
                int bracket = key.indexOf('[');
                if (bracket < 0) {
                    combined.put(key, value);
                } else {
                    listsOfSource
                            .computeIfAbsent(key.substring(0, bracket), prefix -> new LinkedHashMap<>())
                            .put(key, value);
                }
            });
            lists.putAll(listsOfSource);
        }
        lists.values().forEach(combined::putAll);
        combined.remove("spring.profiles");
        return combined;
    }
}
