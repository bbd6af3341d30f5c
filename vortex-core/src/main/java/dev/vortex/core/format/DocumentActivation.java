package dev.vortex.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the profile condition of a document from its flat properties.
 *
 * <p>{@code spring.config.activate.on-profile} wins; the legacy {@code spring.profiles} is used only when it
 * is absent. Either may be a single value ({@code prod & eu}, {@code prod,eu}) or, from YAML, a list that
 * arrives flattened as {@code key[0]}, {@code key[1]}; all elements together mean any-of. An empty value
 * (including YAML's empty list or {@code null}, both flattened to {@code ""}) means no condition, as Spring
 * Boot binds it to an empty array.
 */
final class DocumentActivation {

    static final String ON_PROFILE = "spring.config.activate.on-profile";
    static final String LEGACY_PROFILES = "spring.profiles";

    /** The list elements of each key, compiled once: this runs for every document parsed. */
    private static final Map<String, Pattern> ELEMENTS =
            Map.of(ON_PROFILE, elementPattern(ON_PROFILE), LEGACY_PROFILES, elementPattern(LEGACY_PROFILES));

    private DocumentActivation() {}

    /**
     * @param properties the flat properties of one document
     * @return the document's condition, or empty when it is always active
     * @throws IllegalArgumentException if the expression is malformed, naming it
     */
    static Optional<ProfileCondition> conditionOf(Map<String, Object> properties) {
        List<String> expressions = expressions(properties, ON_PROFILE);
        if (expressions.isEmpty()) {
            expressions = expressions(properties, LEGACY_PROFILES);
        }
        if (expressions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ProfileCondition.parse(String.join(",", expressions)));
    }

    private static List<String> expressions(Map<String, Object> properties, String key) {
        List<String> expressions = new ArrayList<>();
        addIfText(expressions, properties.get(key));
        Pattern element = ELEMENTS.get(key);
        String elementPrefix = key + "[";
        // Numeric order, not file order: [10] comes after [2].
        TreeMap<Integer, Object> elements = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (!name.startsWith(elementPrefix)) {
                return;
            }
            Matcher matcher = element.matcher(name);
            if (matcher.matches()) {
                elements.put(Integer.parseInt(matcher.group(1)), value);
            }
        });
        elements.values().forEach(value -> addIfText(expressions, value));
        return expressions;
    }

    private static Pattern elementPattern(String key) {
        return Pattern.compile(Pattern.quote(key) + "\\[(\\d{1,9})]");
    }

    private static void addIfText(List<String> expressions, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
            expressions.add(String.valueOf(value).strip());
        }
    }
}
