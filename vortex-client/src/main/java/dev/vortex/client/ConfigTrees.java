package dev.vortex.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON configs of the protocol into plain Java values, in both shapes: nested maps and flat dotted
 * names. Stateless.
 */
final class ConfigTrees {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A dotted name's segments: names, and {@code [i]} indexes. */
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d{1,4})]");

    private ConfigTrees() {}

    /** A JSON value as unmodifiable Java values: maps keep member order. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt()
                    ? (Object) node.intValue()
                    : node.canConvertToLong() ? node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /**
     * The flat shape of nested Java values: {@code a.b} for members, {@code a[0]} for list items, in the
     * order of the nested config. Empty maps and lists have no properties, as in Spring.
     */
    static Map<String, Object> flatten(Map<String, Object> nested) {
        Map<String, Object> flat = new LinkedHashMap<>();
        nested.forEach((name, value) -> flattenInto(flat, name, value));
        return Collections.unmodifiableMap(flat);
    }

    private static void flattenInto(Map<String, Object> flat, String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((child, childValue) -> flattenInto(flat, name + "." + child, childValue));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flattenInto(flat, name + "[" + i + "]", list.get(i));
            }
        } else {
            flat.put(name, value);
        }
    }

    /**
     * The nested shape of a flat map (for clients that ask the server for the flat shape). A name that cannot
     * be placed (its parent is a value, or an index meets an object) stays flat under its remaining name in
     * the deepest map reached, as the server does.
     */
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        flat.forEach((name, value) -> place(root, name, value));
        return freeze(root);
    }

    @SuppressWarnings("unchecked")
    private static void place(Map<String, Object> root, String name, Object value) {
        List<Object> segments = segments(name);
        if (segments == null) {
            root.putIfAbsent(name, value);
            return;
        }
        Object current = root;
        Map<String, Object> deepestMap = root;
        int deepestMapSegment = 0;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (current instanceof Map<?, ?> map && segment instanceof String key) {
                deepestMap = (Map<String, Object>) map;
                deepestMapSegment = i;
                Object child = map.get(key);
                if (last) {
                    if (child == null && !map.containsKey(key)) {
                        deepestMap.put(key, value);
                        return;
                    }
                    break;
                }
                if (child == null) {
                    child = segments.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
                    deepestMap.put(key, child);
                }
                current = child;
            } else if (current instanceof List<?> list && segment instanceof Integer index) {
                List<Object> items = (List<Object>) list;
                while (items.size() <= index) {
                    items.add(null);
                }
                Object child = items.get(index);
                if (last) {
                    if (child == null) {
                        items.set(index, value);
                        return;
                    }
                    break;
                }
                if (child == null) {
                    child = segments.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
                    items.set(index, child);
                }
                current = child;
            } else {
                break;
            }
        }
        deepestMap.putIfAbsent(suffix(name, segments, deepestMapSegment), value);
    }

    /** The segments of a dotted name (String names, Integer indexes), or {@code null} if it is not one. */
    static List<Object> segments(String name) {
        List<Object> segments = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(name);
        int position = 0;
        while (position < name.length()) {
            if (name.charAt(position) == '.' && position > 0 && segments.size() > 0) {
                position++;
            }
            if (!matcher.find(position) || matcher.start() != position) {
                return null;
            }
            segments.add(matcher.group(1) != null ? matcher.group(1) : Integer.valueOf(matcher.group(2)));
            position = matcher.end();
        }
        return segments.isEmpty() ? null : segments;
    }

    /** The part of {@code name} from segment {@code from} on. */
    private static String suffix(String name, List<Object> segments, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < segments.size(); i++) {
            Object segment = segments.get(i);
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.length() == 0 ? name : text.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> T freeze(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, child) -> copy.put((String) key, freeze(child)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(child -> copy.add(freeze(child)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }
}
