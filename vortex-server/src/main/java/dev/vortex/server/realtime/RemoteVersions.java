package dev.vortex.server.realtime;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import io.vertx.core.Future;

/**
 * Where a client's version that this instance never served is looked up: the configs other instances shared
 * through the backplane. One path for both ways a client names the version it holds ({@code last_version} on
 * connect, and a {@code resync} message), so that a client gets the same answer from any instance.
 *
 * <p>Threading: never blocks; the lookup is one Redis round trip (none with the in-process backplane), and a
 * config found is added to {@link ConfigHistory} (as an older config, never the current one) before the
 * returned future completes, so that the caller then answers from the history as for any version it knows.
 */
final class RemoteVersions {
    private final ConfigHistory history;
    private final Backplane backplane;

    RemoteVersions(ConfigHistory history, Backplane backplane) {
        this.history = history;
        this.backplane = backplane;
    }

    /**
     * Whether {@code version} of {@code key} needs a look-up elsewhere before a client holding it is answered:
     * it is neither absent, nor {@code current}, nor in this instance's history.
     */
    boolean unknown(ConfigKey key, String version, String current) {
        return version != null
                && !version.equals(current)
                && history.find(key, version).isEmpty();
    }

    /**
     * Looks {@code version} of {@code key} up among the configs other instances shared, and adds it to the
     * history when found (and its content really has that version).
     *
     * @return completes, on any thread, when the history knows the version or it was not found; never fails
     */
    Future<Void> learn(ConfigKey key, String version) {
        return backplane.recall(key, version).transform(found -> {
            if (found.succeeded()) {
                found.result()
                        .map(merged -> ResolvedConfig.remembered(key, merged))
                        .filter(older -> older.version().equals(version))
                        .ifPresent(history::remember);
            }
            return Future.<Void>succeededFuture();
        });
    }
}
