package dev.vortex.core.shape;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The two JSON shapes of a flat configuration that the protocol serves: nested (the default) and flat.
 *
 * <p>Both are deterministic: they depend only on the map's content, never on its iteration order, so that
 * every instance serves the same JSON for the same configuration.
 */
public final class ConfigShapes {

    private ConfigShapes() {}

    /**
     * Expands flat Spring property names into nested JSON.
     *
     * <ul>
     *   <li>{@code server.port} becomes {@code {"server":{"port":..}}};
     *   <li>{@code list[0]} becomes an array, indexes in numeric order; missing indexes are {@code null};
     *       {@code a[0].b} and {@code a[0][1]} nest as expected;
     *   <li>a key that is both a value and a parent ({@code a=1} and {@code a.b=2}), or that addresses a
     *       node of the other kind ({@code a[0]} and {@code a.b}), keeps the conflicting entry flat, named by
     *       the rest of its key, in the deepest object reached: {@code {"a":1,"a.b":2}},
     *       {@code {"x":{"a":1,"a.b":2}}} for {@code x.a} and {@code x.a.b};
     *   <li>who wins a conflict follows a canonical key order, segment by segment: a path comes before the
     *       paths below it, so <b>the value always wins over its children</b>; an index comes before a name,
     *       so <b>an array wins over an object</b> at the same place; indexes compare numerically, names by
     *       {@link String#compareTo}. Object members appear in that order;
     *   <li>a key that is not a well-formed path (empty parts like {@code a..b}, a non-numeric or zero-padded
     *       index like {@code map[key]} or {@code a[01]}, an index above 9999) stays flat at the top level,
     *       after the other members.
     * </ul>
     *
     * Values map to JSON types: strings, booleans, integers (including {@code BigInteger}), floating point
     * numbers and {@code null}; other types become their {@link String#valueOf}.
     *
     * @param flat flat properties, e.g. {@code Environment.mergedProperties()}
     * @return a new object node
     */
    public static ObjectNode nested(Map<String, ?> flat) {
        return NestedShapeBuilder.build(flat);
    }

    /**
     * The nested shape of {@link #nested(Map)} with object members in the order their keys first appear in
     * {@code flat}'s iteration order, as Spring Cloud Config Server renders {@code .yml} and {@code .json}.
     *
     * @param flat flat properties in the order to keep, e.g. {@code Environment.renderedProperties()}
     * @return a new object node
     */
    public static ObjectNode nestedInSourceOrder(Map<String, ?> flat) {
        return SourceOrder.reorder(NestedShapeBuilder.build(flat), flat.keySet());
    }

    /**
     * The flat shape: one member per property, sorted by key ({@link String#compareTo}), values typed as in
     * {@link #nested(Map)}.
     *
     * @param flat flat properties
     * @return a new object node
     */
    public static ObjectNode flat(Map<String, ?> flat) {
        ObjectNode node = JsonValues.NODES.objectNode();
        KeyOrder.sorted(flat).forEach((key, value) -> node.set(key, JsonValues.toNode(value)));
        return node;
    }
}
