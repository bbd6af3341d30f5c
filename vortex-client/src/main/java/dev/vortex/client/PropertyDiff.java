package dev.vortex.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The property-level differences between two flat configs. Stateless. */
final class PropertyDiff {
    private PropertyDiff() {}

    /**
     * What changed from {@code before} to {@code after}: modified and removed properties in the old order,
     * then added ones in the new order. An absent {@code before} makes every property added.
     */
    static List<PropertyChange> between(Map<String, Object> before, Map<String, Object> after) {
        List<PropertyChange> changes = new ArrayList<>();
        Map<String, Object> old = before == null ? Map.of() : before;
        old.forEach((name, value) -> {
            if (!after.containsKey(name)) {
                changes.add(new PropertyChange(name, value, null, PropertyChange.Kind.REMOVED));
            } else if (!Objects.equals(value, after.get(name))) {
                changes.add(new PropertyChange(name, value, after.get(name), PropertyChange.Kind.MODIFIED));
            }
        });
        after.forEach((name, value) -> {
            if (!old.containsKey(name)) {
                changes.add(new PropertyChange(name, null, value, PropertyChange.Kind.ADDED));
            }
        });
        return List.copyOf(changes);
    }
}
