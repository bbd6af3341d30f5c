package dev.vortex.server.cli;

import dev.vortex.server.CompositeSourceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code composite} list of the settings file, shaped as Spring Cloud Config Server's {@code
 * spring.cloud.config.server.composite}:
 *
 * <pre>
 * composite:
 *   - type: git
 *     uri: https://git.example.com/config.git
 *     search-paths: '{application}'   # and default-label, username, password, basedir
 *   - type: native
 *     search-locations: [/srv/config, '/srv/teams/{application}']
 *     order: 0                        # optional: lower first; equal orders keep the list's order
 * </pre>
 */
final class CompositeSection {
    /** The settings-file key of the list. */
    static final String PREFIX = "composite";

    private static final Pattern ENTRY = Pattern.compile("\\[(\\d+)]\\.(.+)");
    private static final Set<String> GIT =
            Set.of("type", "order", "uri", "search-paths", "default-label", "username", "password", "basedir");
    private static final Set<String> NATIVE = Set.of("type", "order", "search-locations");

    private CompositeSection() {}

    /**
     * @param section the keys under {@code composite} ({@code [0].type}, ...)
     * @return the sources in list order
     * @throws IllegalArgumentException for an unknown type or property, or a bad order, naming it
     */
    static List<CompositeSourceSettings> parse(Map<String, String> section) {
        Map<Integer, Map<String, String>> entries = new TreeMap<>();
        section.forEach((key, value) -> {
            Matcher matcher = ENTRY.matcher(key);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        "invalid setting '" + PREFIX + key + "': composite is a list of sources");
            }
            entries.computeIfAbsent(Integer.parseInt(matcher.group(1)), index -> new TreeMap<>())
                    .put(matcher.group(2), value);
        });
        List<CompositeSourceSettings> sources = new ArrayList<>();
        entries.forEach((index, properties) -> sources.add(source(index, properties)));
        return sources;
    }

    private static CompositeSourceSettings source(int index, Map<String, String> properties) {
        String type = properties.get("type");
        String where = PREFIX + "[" + index + "]";
        Set<String> known = "git".equals(type) ? GIT : "native".equals(type) ? NATIVE : null;
        if (known == null) {
            throw new IllegalArgumentException(
                    "invalid " + where + ".type '" + type + "': a composite source is of type git or native");
        }
        for (String property : properties.keySet()) {
            if (!known.contains(property)) {
                throw new IllegalArgumentException("unknown setting '" + where + "." + property + "'; a " + type
                        + " source knows " + new TreeSet<>(known));
            }
        }
        int order = order(where, properties.get("order"));
        if (type.equals("native")) {
            List<Path> locations = SettingsDefaults.commaList(properties.get("search-locations")).stream()
                    .map(Path::of)
                    .toList();
            if (locations.isEmpty()) {
                throw new IllegalArgumentException(where + " (native) needs search-locations");
            }
            return CompositeSourceSettings.nativeLocations(order, locations);
        }
        return CompositeSourceSettings.git(order, GitReposSection.repository(where, List.of(), properties));
    }

    private static int order(String where, String order) {
        if (order == null) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(order.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + where + ".order '" + order + "': not an integer", e);
        }
    }
}
