package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ConfigKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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

    /**
     * Tells the other instances that this one's source moved (a poll or a webhook fetched new commits), so that
     * they refresh their own copy of it even when no config that clients follow changed (an HTTP request may
     * ask for any). A single instance has nobody to tell.
     */
    default void announceSourceMoved() {}

    /**
     * Takes part in electing the one instance that polls a source shared by the instances of this backplane.
     * Without other instances, this one always polls.
     *
     * @param remotes what identifies the shared source (its Git remotes); credentials in them are ignored
     * @param period the lease's period: a poller that dies is replaced within it
     * @param clock where the time comes from
     * @param sourceUp whether this instance's last fetch succeeded; one whose fetches fail does not hold the
     *     turn (another takes it) and polls on its own until it recovers; must not block
     * @param acquired runs when this instance becomes the poller (it should poll at once); must not block
     * @return the turn, to ask before each periodic poll and to close on shutdown
     */
    default PollingTurn pollingTurn(
            List<String> remotes, Duration period, Clock clock, BooleanSupplier sourceUp, Runnable acquired) {
        return PollingTurn.ALWAYS;
    }

    /** Whether changes travel between instances right now, for {@code /actuator/health}. */
    default BackplaneHealth health() {
        return BackplaneHealth.LOCAL;
    }

    @Override
    void close();
}
