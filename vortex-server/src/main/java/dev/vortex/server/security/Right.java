package dev.vortex.server.security;

import java.util.Locale;

/** What a principal may do besides reading config. */
public enum Right {
    /** {@code DELETE /cache...} and {@code POST /monitor}: make the server drop or fetch config. */
    REFRESH,
    /** {@code GET /actuator/prometheus}. */
    METRICS,
    /** {@code /encrypt} and {@code /decrypt}: use the server's encryption key. */
    ADMIN;

    /**
     * Parses {@code refresh}, {@code metrics} or {@code admin} (any case).
     *
     * @throws IllegalArgumentException naming the bad value and the known ones
     */
    public static Right parse(String text) {
        for (Right right : values()) {
            if (right.name().equalsIgnoreCase(text.trim())) {
                return right;
            }
        }
        throw new IllegalArgumentException("unknown right '" + text + "'; known rights: refresh, metrics, admin");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
