package dev.vortex.core.format;

import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a tree of maps and lists (as SnakeYAML and Jackson build them) into Spring property names, the
 * way Spring's {@code YamlProcessor.getFlattenedMap} does, so that YAML and JSON files give the same keys.
 *
 * <ul>
 *   <li>nested maps join with dots ({@code server.port}); a key that starts with {@code [} is appended
 *       without a dot ({@code map[a.b]}), Spring's escape for keys containing dots;
 *   <li>lists become {@code key[0]}, {@code key[1]}, also nested ({@code a[0][1]}, {@code a[0].b});
 *   <li>{@code null} becomes {@code ""}, an empty list becomes {@code ""}, an empty map contributes nothing;
 *   <li>non-string keys are converted with {@link String#valueOf};
 *   <li>numbers, booleans and strings keep their type; {@code byte[]} (YAML {@code !!binary}) becomes Base64
 *       text, as Jackson would serialise it; any other type becomes its {@link String#valueOf}.
 * </ul>
 */
final class PropertyFlattener {

    private PropertyFlattener() {}

    /**
     * @param document a top-level map
     * @return the flat properties in document order
     * @throws IllegalArgumentException if the structure contains itself (possible with YAML anchors)
     */
    static Map<String, Object> flatten(Map<?, ?> document) {
        Map<String, Object> result = new LinkedHashMap<>();
        flattenMap(result, document, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        return result;
    }

    private static void flattenMap(Map<String, Object> result, Map<?, ?> map, String path, Set<Object> ancestors) {
        enter(ancestors, map, path);
        map.forEach((key, value) -> flattenValue(result, childPath(path, String.valueOf(key)), value, ancestors));
        ancestors.remove(map);
    }

    private static void flattenValue(Map<String, Object> result, String path, Object value, Set<Object> ancestors) {
        if (value instanceof Map<?, ?> map) {
            flattenMap(result, map, path, ancestors);
        } else if (value instanceof Collection<?> collection) {
            if (collection.isEmpty()) {
                result.put(path, "");
                return;
            }
            enter(ancestors, collection, path);
            int index = 0;
            for (Object element : collection) {
                flattenValue(result, path + "[" + index++ + "]", element, ancestors);
            }
            ancestors.remove(collection);
        } else {
            result.put(path, scalar(value));
        }
    }

    private static String childPath(String path, String key) {
        if (path.isEmpty()) {
            return key;
        }
        return key.startsWith("[") ? path + key : path + "." + key;
    }

    // Recursive YAML anchors would otherwise flatten forever and end in a StackOverflowError.
    private static void enter(Set<Object> ancestors, Object container, String path) {
        if (!ancestors.add(container)) {
            throw new IllegalArgumentException("recursive structure at '" + (path.isEmpty() ? "<root>" : path) + "'");
        }
    }

    private static Object scalar(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }
}
