package dev.vortex.spring.boot;

import dev.vortex.client.ConfigKey;
import dev.vortex.client.PropertyChange;
import dev.vortex.client.VortexConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEvent;

/**
 * Published after a change from Vortex is in the {@code Environment} and the beans were refreshed
 * ({@code @ConfigurationProperties} rebound, {@code @RefreshScope} beans refreshed): listeners see the new values
 * everywhere.
 *
 * <p>The changes are those between the configuration the {@code Environment} held and the new one, by flat property
 * name ({@code orders.max-items}, {@code orders.currencies[1]}); when the client coalesced several versions, this is one
 * event from the oldest to the newest.
 */
public final class VortexConfigChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final transient ConfigKey key;
    private final String oldVersion;
    private final String newVersion;
    private final transient List<PropertyChange> changes;
    private final transient VortexConfig config;

    VortexConfigChangedEvent(
            Object source,
            ConfigKey key,
            String oldVersion,
            String newVersion,
            List<PropertyChange> changes,
            VortexConfig config) {
        super(source);
        this.key = key;
        this.oldVersion = oldVersion;
        this.newVersion = newVersion;
        this.changes = List.copyOf(changes);
        this.config = config;
    }

    /** The key that changed. */
    public ConfigKey key() {
        return key;
    }

    /** The version the {@code Environment} held before. */
    public String oldVersion() {
        return oldVersion;
    }

    /** The version it holds now. */
    public String newVersion() {
        return newVersion;
    }

    /** Each added, removed or modified property, by flat name, with its old and new value. */
    public List<PropertyChange> changes() {
        return changes;
    }

    /** The names of the changed properties. */
    public Set<String> changedNames() {
        return changes.stream().map(PropertyChange::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The whole new configuration. */
    public VortexConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "VortexConfigChangedEvent[" + key + " " + oldVersion + " -> " + newVersion + ", " + changes + "]";
    }
}
