package dev.vortex.client;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies RFC 6902 patches restricted to what the protocol sends: {@code add}, {@code remove} and
 * {@code replace} (paths are RFC 6901 pointers, {@code ~0}/{@code ~1} escaped; {@code -} appends to an
 * array). Any other operation, or a path that does not fit the document, is refused with a message naming
 * it, and the caller resyncs.
 */
final class JsonPatches {
    private JsonPatches() {}

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @return the patched copy; {@code target} is unchanged
     * @throws IllegalArgumentException if an operation is unsupported or does not fit
     */
    static JsonNode apply(JsonNode patch, JsonNode target) {
        if (patch == null || !patch.isArray()) {
            throw new IllegalArgumentException("a patch is a JSON array, was " + patch);
        }
        JsonNode document = target.deepCopy();
        for (JsonNode operation : patch) {
            document = applyOne(operation, document);
        }
        return document;
    }

    private static JsonNode applyOne(JsonNode operation, JsonNode document) {
        String op = operation.path("op").asText("");
        JsonNode pathNode = operation.get("path");
        if (pathNode == null || !pathNode.isTextual()) {
            throw new IllegalArgumentException("operation without a 'path': " + operation);
        }
        JsonPointer path;
        try {
            path = JsonPointer.compile(pathNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid path '" + pathNode.textValue() + "' in " + operation, e);
        }
        if (!op.equals("add") && !op.equals("remove") && !op.equals("replace")) {
            throw new IllegalArgumentException(
                    "unsupported patch operation '" + op + "' (the protocol sends add, remove, replace): " + operation);
        }
        JsonNode value = operation.get("value");
        if (!op.equals("remove") && value == null) {
            throw new IllegalArgumentException("'" + op + "' without a 'value': " + operation);
        }
        if (path.matches()) {
            // The whole document.
            return switch (op) {
                case "add", "replace" -> value.deepCopy();
                default -> throw new IllegalArgumentException("unsupported operation on the root: " + operation);
            };
        }
        JsonNode parent = document.at(path.head());
        String last = path.last().getMatchingProperty();
        switch (op) {
            case "add" -> add(parent, last, value.deepCopy(), operation);
            case "remove" -> remove(parent, last, operation);
            case "replace" -> {
                remove(parent, last, operation);
                add(parent, last, value.deepCopy(), operation);
            }
            default ->
                throw new IllegalArgumentException("unsupported patch operation '" + op
                        + "' (the protocol sends add, remove, replace): " + operation);
        }
        return document;
    }

    private static void add(JsonNode parent, String member, JsonNode value, JsonNode operation) {
        if (parent instanceof ObjectNode object) {
            object.set(member, value);
        } else if (parent instanceof ArrayNode array) {
            if (member.equals("-")) {
                array.add(value);
            } else {
                int index = index(member, array.size(), operation);
                array.insert(index, value);
            }
        } else {
            throw new IllegalArgumentException("path does not exist: " + operation);
        }
    }

    private static void remove(JsonNode parent, String member, JsonNode operation) {
        if (parent instanceof ObjectNode object && object.has(member)) {
            object.remove(member);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(member, array.size() - 1, operation));
        } else {
            throw new IllegalArgumentException("path does not exist: " + operation);
        }
    }

    private static int index(String member, int max, JsonNode operation) {
        try {
            int index = Integer.parseInt(member);
            if (index >= 0 && index <= max && (member.equals("0") || !member.startsWith("0"))) {
                return index;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("array index '" + member + "' out of range in " + operation);
    }
}
