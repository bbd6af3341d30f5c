package dev.vortex.core;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An unmodifiable copy of flat properties that keeps their order: what {@link PropertySource} and parsed documents
 * hold. Copying one of these again returns it as it is.
 *
 * <p>Why: the documents of a parsed file are shared by every request that reads the file (parsed once per blob
 * or file version), and each request wraps them in property sources; a defensive copy of every shared document per
 * request was ~6 % of a cold resolution. Nothing can change one of these, so sharing it is safe.
 */
public final class OrderedProperties extends AbstractMap<String, Object> {
    private final Map<String, Object> entries;

    private OrderedProperties(Map<String, Object> entries) {
        this.entries = entries;
    }

    /**
     * @param properties the properties, in the order to keep (not {@code null}; values may be)
     * @return {@code properties} itself when it is already an {@code OrderedProperties}, else an unmodifiable copy
     */
    public static OrderedProperties copyOf(Map<String, Object> properties) {
        Objects.requireNonNull(properties, "properties");
        if (properties instanceof OrderedProperties ordered) {
            return ordered;
        }
        return new OrderedProperties(Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }
}
