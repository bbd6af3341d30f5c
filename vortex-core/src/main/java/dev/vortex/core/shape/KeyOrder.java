package dev.vortex.core.shape;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Flat properties in {@link String#compareTo} order of their keys, copied only when they are not already. */
final class KeyOrder {
    private KeyOrder() {}

    /**
     * @return {@code flat} itself when it is sorted by its keys' natural order (merged properties are), else a
     *     sorted copy
     */
    static Map<String, ?> sorted(Map<String, ?> flat) {
        if (flat instanceof SortedMap<?, ?> sorted && sorted.comparator() == null) {
            return flat;
        }
        return new TreeMap<String, Object>(flat);
    }
}
