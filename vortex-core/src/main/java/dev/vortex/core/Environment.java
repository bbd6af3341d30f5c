package dev.vortex.core;

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
     * The value of {@code key} in the first (highest precedence) source that has it, looked up key by key, with no
     * list rule: how Spring Cloud Config Server resolves the placeholders of a plain file (its {@code
     * EnvironmentPropertySource}), so {@code ${endpoints[2]}} finds the third item of a lower source even when a
     * higher one has a shorter {@code endpoints} list.
     *
     * @param key a flat property name
     * @return the value, or {@code null} when no source has the key (or the first that has it holds {@code null})
     */
    public Object property(String key) {
        for (PropertySource source : propertySources) {
            if (source.source().containsKey(key)) {
                return source.source().get(key);
            }
        }
        return null;
    }

    /**
     * Merges all property sources as a Spring Boot application sees them through Spring Cloud Config's client
     * (one Spring property source per source, highest first): each key takes the value of the first (highest
     * precedence) source that has it, except that a list comes whole from the highest source that has any
     * element of it ({@code a[0]}, {@code a[0].b}, {@code a[0][1]}) or a plain value of its name, as Spring Boot's
     * binder takes it; the list's keys in lower sources are left out. Put into one Spring property source, the
     * result binds to the same lists. What makes one list: the text before the first numeric index ({@code a} for
     * {@code a[0].b[1]}, {@code a.b} for {@code a.b[0]}), names compared as Spring compares them ({@code my-list}
     * is {@code myList}).
     *
     * @return the merged flat properties, sorted by key
     */
    public Map<String, Object> mergedProperties() {
        WholeLists lists = WholeLists.of(propertySources, WholeLists.Grouping.SPRING_BINDER);
        Map<String, Object> merged = new TreeMap<>();
        for (int position = 0; position < propertySources.size(); position++) {
            int sourcePosition = position;
            propertySources.get(position).source().forEach((key, value) -> {
                String list = lists.listOf(key);
                if (list == null ? !merged.containsKey(key) : lists.providedBy(list, sourcePosition)) {
                    merged.put(key, value);
                }
            });
        }
        return merged;
    }

    /**
     * The properties as Spring Cloud Config Server renders them ({@code .yml}, {@code .properties}, {@code
     * .json}), in its order: sources from the lowest precedence up, each key placed where it first appears
     * and given the value of the highest source; a list ({@code a[0]}, {@code a[1]}) comes whole from the
     * highest source that has one, and lists go after the other keys, each where it first appears; {@code
     * spring.profiles} is left out. As in Spring Cloud Config Server, a list is the text before the first
     * {@code [}, and a plain value of the same name is kept beside it.
     *
     * @return the properties, in rendering order
     */
    public Map<String, Object> renderedProperties() {
        WholeLists lists = WholeLists.of(propertySources, WholeLists.Grouping.SERVER_RENDERING);
        Map<String, Object> combined = new LinkedHashMap<>();
        Map<String, Map<String, Object>> listEntries = new LinkedHashMap<>();
        for (int position = propertySources.size() - 1; position >= 0; position--) {
            int sourcePosition = position;
            propertySources.get(position).source().forEach((key, value) -> {
                String list = lists.listOf(key);
                if (list == null) {
                    combined.put(key, value);
                    return;
                }
                Map<String, Object> entries = listEntries.computeIfAbsent(list, name -> new LinkedHashMap<>());
                if (lists.providedBy(list, sourcePosition)) {
                    entries.put(key, value);
                }
            });
        }
        listEntries.values().forEach(combined::putAll);
        combined.remove("spring.profiles");
        return combined;
    }
}
