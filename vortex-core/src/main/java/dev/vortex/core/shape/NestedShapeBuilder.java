package dev.vortex.core.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.shape.PropertyPath.Segment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the nested shape of a flat map; see {@link ConfigShapes#nested(Map)} for the rules.
 *
 * <p>Entries are placed one by one in {@link PropertyPath#CANONICAL_ORDER}, so the result depends only on
 * the map's content. A first pass builds a tree of {@link Node}s, which tells an array gap (no entry yet)
 * from an explicit {@code null} value; a second pass turns it into Jackson nodes.
 */
final class NestedShapeBuilder {

    private final ObjectBranch root = new ObjectBranch();

    private NestedShapeBuilder() {}

    static ObjectNode build(Map<String, ?> flat) {
        List<PropertyPath> paths = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (String key : flat.keySet()) {
            Optional<PropertyPath> path = PropertyPath.parse(key);
            if (path.isPresent()) {
                paths.add(path.get());
            } else {
                unparsable.add(key);
            }
        }
        paths.sort(PropertyPath.CANONICAL_ORDER);
        unparsable.sort(null);

        NestedShapeBuilder builder = new NestedShapeBuilder();
        for (PropertyPath path : paths) {
            builder.place(path, new Leaf(flat.get(path.key())));
        }
        // A key without a path has no place in the tree: it stays flat at the top, after the rest.
        for (String key : unparsable) {
            builder.root.children.put(key, new Leaf(flat.get(key)));
        }
        return builder.root.toJson();
    }

    private void place(PropertyPath path, Leaf leaf) {
        List<Segment> segments = path.segments();
        ObjectBranch deepestObject = root;
        int deepestObjectSegment = 0;
        Node current = root;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (current instanceof ObjectBranch object) {
                deepestObject = object;
                deepestObjectSegment = i;
            }
            Node existing = current.child(segment);
            boolean last = i == segments.size() - 1;
            if (existing == INCOMPATIBLE || (last && existing != null)) {
                break;
            }
            if (last) {
                current.setChild(segment, leaf);
                return;
            }
            if (existing == null) {
                existing = Branch.forChild(segments.get(i + 1));
                current.setChild(segment, existing);
            }
            // A value, or a branch of the wrong kind, shows up as INCOMPATIBLE on the next step.
            current = existing;
        }
        // Conflict: the entry stays flat, named by the rest of its key, in the deepest object on its path.
        // The canonical order makes a value win over its would-be children. The names cannot collide with
        // plain children (they contain '.' or '['), nor with each other (keys are unique).
        deepestObject.children.putIfAbsent(path.suffixFrom(deepestObjectSegment), leaf);
    }

    /** Marks a segment that cannot address a child of a node (an index on an object, a name on an array). */
    private static final Node INCOMPATIBLE = new Leaf(null);

    private sealed interface Node permits Leaf, Branch {
        /** The child at {@code segment}, {@code null} if absent, {@link #INCOMPATIBLE} if it cannot exist. */
        Node child(Segment segment);

        void setChild(Segment segment, Node child);

        JsonNode toJson();
    }

    private record Leaf(Object value) implements Node {
        @Override
        public Node child(Segment segment) {
            return INCOMPATIBLE;
        }

        @Override
        public void setChild(Segment segment, Node child) {
            throw new IllegalStateException("a value has no children");
        }

        @Override
        public JsonNode toJson() {
            return JsonValues.toNode(value);
        }
    }

    private abstract static sealed class Branch implements Node permits ObjectBranch, ArrayBranch {
        static Branch forChild(Segment childSegment) {
            return childSegment.isIndex() ? new ArrayBranch() : new ObjectBranch();
        }
    }

    private static final class ObjectBranch extends Branch {
        private final Map<String, Node> children = new LinkedHashMap<>();

        @Override
        public Node child(Segment segment) {
            return segment.isIndex() ? INCOMPATIBLE : children.get(segment.name());
        }

        @Override
        public void setChild(Segment segment, Node child) {
            children.put(segment.name(), child);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonValues.NODES.objectNode();
            children.forEach((name, child) -> node.set(name, child.toJson()));
            return node;
        }
    }

    private static final class ArrayBranch extends Branch {
        // null elements are gaps: indexes that no entry reached.
        private final List<Node> elements = new ArrayList<>();

        @Override
        public Node child(Segment segment) {
            if (!segment.isIndex()) {
                return INCOMPATIBLE;
            }
            return segment.index() < elements.size() ? elements.get(segment.index()) : null;
        }

        @Override
        public void setChild(Segment segment, Node child) {
            while (elements.size() <= segment.index()) {
                elements.add(null);
            }
            elements.set(segment.index(), child);
        }

        @Override
        public ArrayNode toJson() {
            ArrayNode node = JsonValues.NODES.arrayNode();
            elements.forEach(element -> node.add(element == null ? JsonValues.NODES.nullNode() : element.toJson()));
            return node;
        }
    }
}
