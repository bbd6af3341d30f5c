package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import java.util.function.Consumer;

/**
 * Carries change events from where they are detected to every instance's broadcaster: in-process for a single
 * instance ({@link LocalBackplane}), a Redis stream for many behind a load balancer ({@link RedisBackplane}).
 */
public interface Backplane extends AutoCloseable {

    /** Publishes a change; it reaches every subscriber, on this instance and others. */
    void publish(ConfigChangeEvent event);

    /** Registers a receiver of every change. Receivers must not block. */
    void subscribe(Consumer<ConfigChangeEvent> receiver);

    /**
     * Starts hearing of the changes other instances detect. A single instance has none, so the default does
     * nothing.
     *
     * @param remote what this instance does with them
     */
    default void connect(RemoteChanges remote) {}

    /** Whether changes travel between instances right now, for {@code /actuator/health}. */
    default BackplaneHealth health() {
        return BackplaneHealth.LOCAL;
    }

    @Override
    void close();
}
