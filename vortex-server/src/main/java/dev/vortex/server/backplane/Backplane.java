package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ConfigKey;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The merged properties of {@code key} at {@code version}, if another instance served that version
     * recently, so that a client resuming here from it gets a diff. A single instance remembers nothing beyond
     * its own history, so the default finds nothing.
     *
     * @return completes with the properties, or empty; never fails
     */
    default Future<Optional<Map<String, Object>>> recall(ConfigKey key, String version) {
        return Future.succeededFuture(Optional.empty());
    }

    /** Whether changes travel between instances right now, for {@code /actuator/health}. */
    default BackplaneHealth health() {
        return BackplaneHealth.LOCAL;
    }

    @Override
    void close();
}
