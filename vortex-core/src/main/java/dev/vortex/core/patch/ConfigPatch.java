package dev.vortex.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import com.flipkart.zjsonpatch.JsonPatch;
import java.util.EnumSet;

/**
 * RFC 6902 JSON Patches between two configs, restricted to {@code add}, {@code remove} and {@code replace}
 * as the Vortex protocol promises: clients need not implement {@code move}, {@code copy} or {@code test}.
 */
public final class ConfigPatch {
    private static final EnumSet<DiffFlags> FLAGS =
            EnumSet.of(DiffFlags.OMIT_VALUE_ON_REMOVE, DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private ConfigPatch() {}

    /**
     * The patch that turns {@code from} into {@code to}.
     *
     * @return the operations; an empty array when the two are equal
     */
    public static ArrayNode diff(JsonNode from, JsonNode to) {
        return (ArrayNode) JsonDiff.asJson(from, to, FLAGS);
    }

    /**
     * Applies a patch without modifying {@code target}.
     *
     * @return the patched copy
     * @throws IllegalArgumentException if an operation does not fit the target (a missing path, say)
     */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        try {
            return JsonPatch.apply(patch, target);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot apply patch: " + e.getMessage(), e);
        }
    }
}
