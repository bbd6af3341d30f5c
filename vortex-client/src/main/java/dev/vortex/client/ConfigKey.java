package dev.vortex.client;

import java.util.Objects;

/**
 * What a config belongs to: an application, a profile list ({@code prod,eu}) and a label ({@code null} when
 * the server's default label applies and the server names none).
 *
 * @param application the application name
 * @param profile the profile, or comma-separated profiles
 * @param label the label, or {@code null}
 */
public record ConfigKey(String application, String profile, String label) {

    /** Checks that application and profile are present. */
    public ConfigKey {
        requireText(application, "application");
        requireText(profile, "profile");
        if (label != null && label.isBlank()) {
            label = null;
        }
    }

    /** A key with a label ({@code null} for none). */
    public static ConfigKey of(String application, String profile, String label) {
        return new ConfigKey(application, profile, label);
    }

    /** A key without a label. */
    public static ConfigKey of(String application, String profile) {
        return new ConfigKey(application, profile, null);
    }

    /**
     * Parses {@code application:profile[:label]} (an empty label, as in {@code orders:prod:}, is none).
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static ConfigKey parse(String text) {
        Objects.requireNonNull(text, "key");
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(
                    "invalid config key '" + text + "': expected application:profile[:label]");
        }
        return new ConfigKey(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** {@code application:profile:label}, or {@code application:profile} without a label. */
    @Override
    public String toString() {
        return application + ":" + profile + (label == null ? "" : ":" + label);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty, was '" + value + "'");
        }
    }
}
