package dev.vortex.client;

/**
 * The shape in which the server sends configs ({@code ?shape=} on the WebSocket URL). It changes only the
 * wire: {@link VortexConfig#nested()} is always nested and {@link VortexConfig#flat()} always flat.
 */
public enum Shape {
    /** Nested JSON (the protocol's default): smaller diffs for deep configs. */
    NESTED,
    /** One member per dotted property name. */
    FLAT;

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
