package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigKey;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/**
 * One entry of the backplane's stream: a key's new version (what changed, not the config: every instance
 * re-resolves the key from its own source, so the entry stays a few dozen bytes whatever the config's size),
 * a marker saying an instance lost changes it could not send and every instance must catch up, or a marker
 * saying an instance's source moved (new commits fetched) and every instance should refresh its own.
 *
 * @param origin the id of the instance that wrote the entry
 * @param key the key that changed; {@code null} for a marker
 * @param version the key's new version; {@code null} for a marker, or {@link #SOURCE_MOVED} for that marker
 */
record StreamEntry(String origin, ConfigKey key, String version) {
    /** The version field of a source-moved marker (a marker has no key). */
    static final String SOURCE_MOVED = "source-moved";

    private static final String ORIGIN = "origin";
    private static final String KIND = "kind";
    private static final String APP = "app";
    private static final String PROFILES = "profiles";
    private static final String LABEL = "label";
    private static final String VERSION = "version";

    /** A marker: this instance's backlog overflowed while Redis was unreachable. */
    static StreamEntry missed(String origin) {
        return new StreamEntry(origin, null, null);
    }

    /** A marker: the origin's source moved; the others refresh theirs. */
    static StreamEntry sourceMoved(String origin) {
        return new StreamEntry(origin, null, SOURCE_MOVED);
    }

    boolean isMarker() {
        return key == null;
    }

    boolean isSourceMoved() {
        return key == null && SOURCE_MOVED.equals(version);
    }

    /** Appends this entry's fields to an {@code XADD}. */
    Request appendTo(Request xadd) {
        xadd.arg(ORIGIN).arg(origin);
        if (isSourceMoved()) {
            xadd.arg(KIND).arg(SOURCE_MOVED);
        }
        if (key != null) {
            xadd.arg(APP)
                    .arg(key.application())
                    .arg(PROFILES)
                    .arg(key.profiles())
                    .arg(VERSION)
                    .arg(version);
            if (key.label() != null) {
                xadd.arg(LABEL).arg(key.label());
            }
        }
        return xadd;
    }

    /**
     * Reads an entry's field list ({@code [field, value, ...]}).
     *
     * @throws IllegalArgumentException when a field the entry needs is missing
     */
    static StreamEntry parse(Response fields) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            values.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        String origin = values.get(ORIGIN);
        if (origin == null) {
            throw new IllegalArgumentException("no origin in " + values);
        }
        if (SOURCE_MOVED.equals(values.get(KIND))) {
            return sourceMoved(origin);
        }
        if (!values.containsKey(APP)) {
            return missed(origin);
        }
        if (!values.containsKey(PROFILES) || !values.containsKey(VERSION)) {
            throw new IllegalArgumentException("no profiles or version in " + values);
        }
        return new StreamEntry(
                origin, new ConfigKey(values.get(APP), values.get(PROFILES), values.get(LABEL)), values.get(VERSION));
    }
}
