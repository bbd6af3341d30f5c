package dev.vortex.spring.boot;

import dev.vortex.client.VortexConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The configuration of one Vortex key in the {@code Environment}: its flat map ({@code orders.max-items},
 * {@code orders.currencies[0]}), replaced in place on every change.
 *
 * <p>Threading: {@link #update} is called by one thread at a time (the starter's change applier); readers on any
 * thread see either the previous or the new configuration, never a mix, because both live in one immutable snapshot
 * behind a volatile field.
 */
public final class VortexPropertySource extends EnumerablePropertySource<VortexConnection> {
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, Object> properties, String[] names, String version) {}

    VortexPropertySource(String name, VortexConnection connection, VortexConfig config) {
        super(name, connection);
        update(config);
    }

    @Override
    public Object getProperty(String name) {
        return snapshot.properties().get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return snapshot.properties().containsKey(name);
    }

    @Override
    public String[] getPropertyNames() {
        return snapshot.names().clone();
    }

    /** The flat properties this source holds now. */
    public Map<String, Object> properties() {
        return snapshot.properties();
    }

    /** The Vortex version of the configuration this source holds now. */
    public String version() {
        return snapshot.version();
    }

    void update(VortexConfig config) {
        // Not Map.copyOf: a YAML null is a legitimate value. Insertion order kept for readable names.
        Map<String, Object> properties = Collections.unmodifiableMap(new LinkedHashMap<>(config.flat()));
        snapshot = new Snapshot(properties, properties.keySet().toArray(String[]::new), config.version());
    }
}
