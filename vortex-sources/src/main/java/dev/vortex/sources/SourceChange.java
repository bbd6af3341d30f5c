package dev.vortex.sources;

import java.util.Set;

/**
 * What a refresh changed.
 *
 * @param everything {@code true} when every label may have changed (then {@code labels} is ignored)
 * @param labels the labels whose content changed (branch or tag names, as requested by clients)
 */
public record SourceChange(boolean everything, Set<String> labels) {

    /** Copies the label set. */
    public SourceChange {
        labels = Set.copyOf(labels);
    }

    /** Nothing changed. */
    public static SourceChange none() {
        return new SourceChange(false, Set.of());
    }

    /** Every label may have changed. */
    public static SourceChange all() {
        return new SourceChange(true, Set.of());
    }

    /** These labels changed. */
    public static SourceChange of(Set<String> labels) {
        return new SourceChange(false, labels);
    }

    /** Whether this change touches {@code label} ({@code null} is the default label, resolved by the caller). */
    public boolean affects(String label) {
        return everything || labels.contains(label);
    }

    /** Whether anything changed at all. */
    public boolean isEmpty() {
        return !everything && labels.isEmpty();
    }
}
