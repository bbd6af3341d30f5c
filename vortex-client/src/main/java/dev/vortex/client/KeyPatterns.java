package dev.vortex.client;

import java.util.regex.Pattern;

/** Subscription patterns ({@code app:profile:label}, each part a literal or {@code *}), as PROTOCOL.md has them. */
final class KeyPatterns {
    private static final Pattern PART = Pattern.compile("\\*|[A-Za-z0-9._,-]+");

    private KeyPatterns() {}

    /** The pattern, checked. */
    static String check(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null");
        }
        String[] parts = pattern.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("invalid pattern '" + pattern + "': expected app:profile:label");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid pattern '" + pattern + "': part '" + part
                        + "' must be * or letters, digits, '.', '_', ',' and '-'");
            }
        }
        return pattern;
    }

    /** Whether {@code key} matches {@code pattern}; a key without a label matches only {@code *}. */
    static boolean matches(String pattern, ConfigKey key) {
        String[] parts = pattern.split(":", -1);
        return part(parts[0], key.application()) && part(parts[1], key.profile()) && part(parts[2], key.label());
    }

    private static boolean part(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }
}
