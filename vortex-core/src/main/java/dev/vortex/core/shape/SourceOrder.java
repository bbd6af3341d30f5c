package dev.vortex.core.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reorders the members of a nested shape to follow the order in which their flat keys first appear, as
 * Spring Cloud Config Server's renderings do; the content (and so every conflict rule of the canonical
 * shape) is left as it is, only member order changes.
 */
final class SourceOrder {
    /** The order of the children met under one place of the tree; {@code [i]} stands for list element i. */
    private final Map<String, SourceOrder> children = new LinkedHashMap<>();

    private SourceOrder() {}

    static ObjectNode reorder(ObjectNode canonical, Collection<String> keysInOrder) {
        SourceOrder root = new SourceOrder();
        for (String key : keysInOrder) {
            Optional<PropertyPath> path = PropertyPath.parse(key);
            if (path.isEmpty()) {
                root.child(key);
                continue;
            }
            SourceOrder place = root;
            for (PropertyPath.Segment segment : path.get().segments()) {
                place = place.child(segment.isIndex() ? "[" + segment.index() + "]" : segment.name());
            }
        }
        return (ObjectNode) root.apply(canonical);
    }

    private SourceOrder child(String name) {
        return children.computeIfAbsent(name, ignored -> new SourceOrder());
    }

    private JsonNode apply(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode ordered = object.objectNode();
            children.forEach((name, order) -> {
                JsonNode value = object.get(name);
                if (value != null) {
                    ordered.set(name, order.apply(value));
                }
            });
            // Members no key led to directly (a flat key kept whole) keep their canonical place, after the rest.
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (!ordered.has(field.getKey())) {
                    ordered.set(field.getKey(), field.getValue());
                }
            }
            return ordered;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode ordered = array.arrayNode();
            for (int i = 0; i < array.size(); i++) {
                SourceOrder order = children.get("[" + i + "]");
                ordered.add(order == null ? array.get(i) : order.apply(array.get(i)));
            }
            return ordered;
        }
        return node;
    }
}
