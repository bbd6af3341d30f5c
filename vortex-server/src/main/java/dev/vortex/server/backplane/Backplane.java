package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import java.util.function.Consumer;

/**
 * Carries change events from where they are detected to every instance's broadcaster: in-process for a single
 * instance, Redis pub/sub for many behind a load balancer.
 */
public interface Backplane extends AutoCloseable {

    /** Publishes a change; it reaches every subscriber, on this instance and others. */
    void publish(ConfigChangeEvent event);

    /** Registers a receiver of every change. Receivers must not block. */
    void subscribe(Consumer<ConfigChangeEvent> receiver);

    @Override
    void close();
}
