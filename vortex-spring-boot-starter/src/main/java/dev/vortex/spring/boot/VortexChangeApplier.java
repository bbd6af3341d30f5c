package dev.vortex.spring.boot;

import dev.vortex.client.ListenerRegistration;
import dev.vortex.client.PropertyChange;
import dev.vortex.client.VortexConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Takes each change a Vortex client receives into the application: the property source is updated in place, the beans
 * are refreshed ({@link BeanRefresher}), then a {@link VortexConfigChangedEvent} with the diff is published.
 *
 * <p>Lifecycle: created with the application context, it claims the connections whose property sources its
 * {@code Environment} holds; it listens from {@link #start()} (the end of the context's refresh, once every bean
 * exists) and first catches up with any change that arrived since the initial load; {@link #close()} releases the
 * connections (the last user closes the client).
 *
 * <p>Threading: changes arrive on the client's listener thread (never its socket reader; the client coalesces, so a
 * slow refresh makes it skip to the newest configuration). {@link #apply} is synchronized, so the catch-up on the
 * starting thread and a concurrent change are applied one after the other, each against what the property source
 * holds at that moment.
 */
public final class VortexChangeApplier implements SmartLifecycle, AutoCloseable {
    private static final Log log = LogFactory.getLog(VortexChangeApplier.class);

    private final List<VortexConnection> connections;
    private final BeanRefresher refresher;
    private final ApplicationEventPublisher publisher;
    private final List<ListenerRegistration> registrations = new ArrayList<>();
    private volatile boolean running;

    VortexChangeApplier(
            ConfigurableEnvironment environment, BeanRefresher refresher, ApplicationEventPublisher publisher) {
        this.connections = connectionsOf(environment);
        this.refresher = refresher;
        this.publisher = publisher;
        connections.forEach(VortexConnections.RUNNING::claim);
    }

    /** The connections of the {@code vortex:} imports in this {@code Environment}, in precedence order. */
    static List<VortexConnection> connectionsOf(ConfigurableEnvironment environment) {
        List<VortexConnection> found = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof VortexPropertySource vortex) {
                found.add(vortex.getSource());
            }
        }
        return found;
    }

    /** The connections this application uses, highest precedence first. */
    public List<VortexConnection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public synchronized void start() {
        for (VortexConnection connection : connections) {
            // Always the client's newest config of its own key: a change of another key (or an older one still
            // queued) then finds nothing to do.
            registrations.add(connection
                    .client()
                    .addListener(change -> apply(connection, connection.client().config())));
            apply(connection, connection.client().config());
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        registrations.forEach(ListenerRegistration::remove);
        registrations.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
        connections.forEach(VortexConnections.RUNNING::release);
    }

    /** Brings the property source to {@code config}, then refreshes beans and publishes the diff, if anything changed. */
    synchronized void apply(VortexConnection connection, VortexConfig config) {
        long start = System.nanoTime();
        VortexPropertySource source = connection.propertySource();
        String oldVersion = source.version();
        List<PropertyChange> changes = diff(source.properties(), config.flat());
        source.update(config);
        if (changes.isEmpty()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        changes.forEach(change -> names.add(change.name()));
        try {
            refresher.refresh(names);
        } catch (RuntimeException e) {
            // The listener thread must survive a bean that fails to refresh; the Environment already holds the change.
            log.error("Vortex: refreshing beans after " + config.key() + " " + config.version() + " failed", e);
        }
        long refreshed = System.nanoTime();
        publisher.publishEvent(
                new VortexConfigChangedEvent(this, config.key(), oldVersion, config.version(), changes, config));
        if (log.isInfoEnabled()) {
            log.info(String.format(
                    "Vortex: %s %s -> %s, %d changed %s; beans refreshed in %.1f ms, listeners took %.1f ms",
                    config.key(),
                    oldVersion,
                    config.version(),
                    names.size(),
                    names.size() <= 5 ? names : names.stream().limit(5).toList() + "...",
                    (refreshed - start) / 1e6,
                    (System.nanoTime() - refreshed) / 1e6));
        }
    }

    /** The changes from {@code before} to {@code after}, by flat name: modified and removed first, then added. */
    static List<PropertyChange> diff(Map<String, Object> before, Map<String, Object> after) {
        List<PropertyChange> changes = new ArrayList<>();
        before.forEach((name, oldValue) -> {
            if (!after.containsKey(name)) {
                changes.add(new PropertyChange(name, oldValue, null, PropertyChange.Kind.REMOVED));
            } else if (!Objects.equals(oldValue, after.get(name))) {
                changes.add(new PropertyChange(name, oldValue, after.get(name), PropertyChange.Kind.MODIFIED));
            }
        });
        after.forEach((name, newValue) -> {
            if (!before.containsKey(name)) {
                changes.add(new PropertyChange(name, null, newValue, PropertyChange.Kind.ADDED));
            }
        });
        return changes;
    }
}
