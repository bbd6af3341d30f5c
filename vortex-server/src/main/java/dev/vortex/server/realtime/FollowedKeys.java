package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The keys one session follows, with its state for each: the connection's own key's state is this object's
 * own fields (it extends {@link KeyState}), the keys its patterns bring in a map made on first use. Most
 * connections follow only their own key, and at 10,000+ connections every object an idle one keeps counts:
 * this way a one-key session keeps one object here, not three (a holder, a state and a map).
 *
 * <p>Not thread-safe: used on the session's event loop only.
 */
final class FollowedKeys extends KeyState {
    private final ConfigKey ownKey;
    private Map<ConfigKey, KeyState> others;

    FollowedKeys(ConfigKey ownKey) {
        this.ownKey = ownKey;
    }

    /** The key the connection was opened for; it is always followed. */
    ConfigKey ownKey() {
        return ownKey;
    }

    /** The state of {@code key}, or {@code null} when it is not followed. */
    KeyState get(ConfigKey key) {
        if (ownKey.equals(key)) {
            return this;
        }
        return others == null ? null : others.get(key);
    }

    /** Starts following {@code key} (brought by a pattern), from nothing sent. */
    KeyState add(ConfigKey key) {
        KeyState state = get(key);
        if (state != null) {
            return state;
        }
        if (others == null) {
            others = new HashMap<>(4);
        }
        KeyState added = new KeyState();
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
    void forEachWhile(BiPredicate<ConfigKey, KeyState> action) {
        if (!action.test(ownKey, this) || others == null) {
            return;
        }
        for (Map.Entry<ConfigKey, KeyState> entry : others.entrySet()) {
            if (!action.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }
}
