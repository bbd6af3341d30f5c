package dev.vortex.server.config;

import java.util.Objects;

/**
 * What one cached config is resolved for: an application, a profile list and a label.
 *
 * @param application the application name as requested
 * @param profiles the comma-separated profile list as requested
 * @param label the label with the default already applied; {@code null} for a backend without labels when
 *     none was requested
 */
public record ConfigKey(String application, String profiles, String label) {

    /** Checks the required parts. */
    public ConfigKey {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(profiles, "profiles");
    }

    @Override
    public String toString() {
        return application + ":" + profiles + ":" + (label == null ? "" : label);
    }
}
