package dev.vortex.server.security;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a principal may do: the keys it may read, as patterns, and its rights.
 *
 * @param read the patterns of the keys it may read ({@code orders:*:*}, {@code *:prod:*})
 * @param rights what it may do besides reading
 */
public record Grants(List<KeyPattern> read, Set<Right> rights) {
    /** Everything: the grants of everyone while no credentials are configured. */
    public static final Grants ALL = new Grants(List.of(new KeyPattern("*", "*", "*")), EnumSet.allOf(Right.class));

    /** Copies the lists. */
    public Grants {
        read = List.copyOf(read);
        rights = rights.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rights));
    }

    /**
     * Parses patterns and rights as written in the settings file or a token's claims.
     *
     * @throws IllegalArgumentException naming the bad pattern or right
     */
    public static Grants parse(List<String> patterns, List<String> rights) {
        Set<Right> parsedRights = EnumSet.noneOf(Right.class);
        for (String right : rights) {
            parsedRights.add(Right.parse(right));
        }
        return new Grants(patterns.stream().map(KeyPattern::parse).toList(), parsedRights);
    }

    /** Whether one of the read patterns matches {@code key}. */
    public boolean mayRead(ConfigKey key) {
        for (KeyPattern pattern : read) {
            if (pattern.matches(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a subscription to {@code pattern} could bring any readable key: it overlaps one of the read
     * patterns. The keys it brings are still checked one by one ({@link #mayRead(ConfigKey)}).
     */
    public boolean mayUse(KeyPattern pattern) {
        for (KeyPattern granted : read) {
            if (overlaps(granted.application(), pattern.application())
                    && overlaps(granted.profiles(), pattern.profiles())
                    && overlaps(granted.label(), pattern.label())) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(String a, String b) {
        return a.equals(KeyPattern.ANY) || b.equals(KeyPattern.ANY) || a.equals(b);
    }

    /** Whether {@code right} was granted. */
    public boolean has(Right right) {
        return rights.contains(right);
    }
}
