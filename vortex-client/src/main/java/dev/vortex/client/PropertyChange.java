package dev.vortex.client;

/**
 * One property that differs between two configs.
 *
 * @param name the flat dotted name ({@code orders.max-items}, {@code list[0]})
 * @param oldValue the value before, {@code null} when {@link Kind#ADDED}
 * @param newValue the value after, {@code null} when {@link Kind#REMOVED}
 * @param kind what happened
 */
public record PropertyChange(String name, Object oldValue, Object newValue, Kind kind) {
    /** What happened to a property. */
    public enum Kind {
        /** The property is new. */
        ADDED,
        /** The property is gone. */
        REMOVED,
        /** The property's value changed. */
        MODIFIED
    }
}
