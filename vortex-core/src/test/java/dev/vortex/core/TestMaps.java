package dev.vortex.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps for the tests, written inline in the order a config file would hold them. */
public final class TestMaps {
    private TestMaps() {}

    /** A map of {@code key1, value1, key2, value2, ...}, keeping that order (as property sources do). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
