package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The keys one session follows, with its state for each: the connection's own key held inline, the keys
 * its patterns bring in a map made on first use. Most connections follow only their own key, and at 10,000+
 * connections a map per connection is a good part of the memory an idle one costs.
 *
 * <p>Not thread-safe: used on the session's event loop only.
 */
final class FollowedKeys {
    /** Per key: what the client holds and what is waiting for a writable socket. */
    static final class State {
        String sentVersion;
        ResolvedConfig pending;
        int skipped;
    }

    private final ConfigKey ownKey;
    private final State own = new State();
    private Map<ConfigKey, State> others;

    FollowedKeys(ConfigKey ownKey) {
        this.ownKey = ownKey;
    }

    /** The state of {@code key}, or {@code null} when it is not followed. */
    State get(ConfigKey key) {
        if (ownKey.equals(key)) {
            return own;
        }
        return others == null ? null : others.get(key);
    }

    /** Starts following {@code key} (brought by a pattern), from nothing sent. */
    State add(ConfigKey key) {
        State state = get(key);
        if (state != null) {
            return state;
        }
        if (others == null) {
            others = new HashMap<>(4);
        }
        State added = new State();
        others.put(key, added);
        return added;
    }

    /**
     * Stops following every pattern-brought key that {@code keep} rejects; the own key always stays.
     *
     * @return the keys no longer followed
     */
    List<ConfigKey> retainOthers(Predicate<ConfigKey> keep) {
        if (others == null) {
            return List.of();
        }
        List<ConfigKey> dropped = new ArrayList<>(0);
        others.keySet().removeIf(key -> {
            boolean drop = !keep.test(key);
            if (drop) {
                dropped.add(key);
            }
            return drop;
        });
        return dropped;
    }

    /** Visits the own key, then the others, while {@code action} answers {@code true}. */
    void forEachWhile(BiPredicate<ConfigKey, State> action) {
        if (!action.test(ownKey, own) || others == null) {
            return;
        }
        for (Map.Entry<ConfigKey, State> entry : others.entrySet()) {
            if (!action.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }
}
