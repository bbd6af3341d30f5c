package dev.vortex.server.realtime.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.server.config.ResolvedConfig;
import java.util.Locale;

/** How a connection wants configs: nested JSON (the default) or one flat object of dotted keys. */
public enum Shape {
    /** {@code {"server":{"port":8080}}}. */
    NESTED,
    /** {@code {"server.port":8080}}. */
    FLAT;

    /** The config in this shape. */
    public ObjectNode of(ResolvedConfig config) {
        return this == NESTED ? config.nested() : config.flat();
    }

    /**
     * Reads the {@code shape} query parameter.
     *
     * @throws ProtocolException naming the value when it is neither {@code nested} nor {@code flat}
     */
    public static Shape parse(String value) {
        if (value == null || value.isEmpty()) {
            return NESTED;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "nested" -> NESTED;
            case "flat" -> FLAT;
            default ->
                throw new ProtocolException(
                        ErrorCode.INVALID_MESSAGE, "shape must be 'nested' or 'flat', was '" + value + "'");
        };
    }
}
