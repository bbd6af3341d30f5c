package dev.vortex.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subscription pattern {@code app:profile:label} where each part is a literal or {@code *}.
 *
 * @param application the application, or {@code *}
 * @param profiles the profile list, or {@code *}
 * @param label the label, or {@code *}
 */
public record KeyPattern(String application, String profiles, String label) {
    /** Any part of a pattern. */
    public static final String ANY = "*";

    /**
     * The longest part of a pattern: far above any real application, profile list or label, and small enough
     * that a connection's patterns stay a few kilobytes.
     */
    public static final int MAX_PART_LENGTH = 128;

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._,-]+");

    /**
     * Parses {@code app:profile:label}.
     *
     * @throws IllegalArgumentException naming the pattern and what is wrong with it (the protocol answers
     *     {@code INVALID_PATTERN})
     */
    public static KeyPattern parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("pattern must be a string");
        }
        if (text.length() > 3 * MAX_PART_LENGTH + 2) {
            throw new IllegalArgumentException("invalid pattern '" + abbreviate(text) + "': " + text.length()
                    + " characters; each part may have at most " + MAX_PART_LENGTH);
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "invalid pattern '" + abbreviate(text) + "': expected app:profile:label");
        }
        for (String part : parts) {
            if (part.length() > MAX_PART_LENGTH) {
                throw new IllegalArgumentException("invalid pattern '" + abbreviate(text) + "': a part of "
                        + part.length() + " characters; at most " + MAX_PART_LENGTH);
            }
            if (!part.equals(ANY) && !PART.matcher(part).matches()) {
                throw new IllegalArgumentException(
                        "invalid pattern '" + text + "': each part must be * or [A-Za-z0-9._,-]+");
            }
            if (part.contains("..")) {
                throw new IllegalArgumentException("invalid pattern '" + text + "': '..' is not allowed");
            }
        }
        return new KeyPattern(parts[0], parts[1], parts[2]);
    }

    /** A pattern as an error message quotes it: a long one cut, so that the message stays small. */
    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Whether {@code key} matches; a {@code null} label (a backend without labels) matches only {@code *}. */
    public boolean matches(ConfigKey key) {
        return part(application, key.application()) && part(profiles, key.profiles()) && part(label, key.label());
    }

    private static boolean part(String pattern, String value) {
        return pattern.equals(ANY) || Objects.equals(pattern, value);
    }

    /**
     * The eight patterns that can match {@code key}: each part either literal or {@code *}. Looking these up
     * in a map finds every matching pattern without scanning the patterns.
     */
    public static List<KeyPattern> candidatesFor(ConfigKey key) {
        List<KeyPattern> candidates = new ArrayList<>(8);
        for (String application : alternatives(key.application())) {
            for (String profiles : alternatives(key.profiles())) {
                for (String label : alternatives(key.label())) {
                    candidates.add(new KeyPattern(application, profiles, label));
                }
            }
        }
        return candidates;
    }

    private static List<String> alternatives(String value) {
        return value == null ? List.of(ANY) : List.of(value, ANY);
    }

    @Override
    public String toString() {
        return application + ":" + profiles + ":" + label;
    }
}
