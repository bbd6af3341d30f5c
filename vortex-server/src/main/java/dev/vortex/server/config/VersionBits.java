package dev.vortex.server.config;

import java.util.HexFormat;

/**
 * A config version (32 lowercase hex characters, the first 128 bits of a SHA-256, see
 * {@link dev.vortex.core.shape.ConfigVersion}) as two {@code long}s and back: for state that must record a
 * version without keeping a reference to it (see {@code KeyState}).
 */
public final class VersionBits {
    private static final int HALF = 16;
    private static final HexFormat HEX = HexFormat.of();

    private VersionBits() {}

    /** The first 64 bits of {@code version}. */
    public static long high(String version) {
        return half(version, 0);
    }

    /** The last 64 bits of {@code version}. */
    public static long low(String version) {
        return half(version, HALF);
    }

    /** The version whose bits these are, as its 32 lowercase hex characters. */
    public static String text(long high, long low) {
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    private static long half(String version, int from) {
        if (version.length() != 2 * HALF) {
            throw new IllegalArgumentException("not a config version (32 hex characters): '" + version + "'");
        }
        return Long.parseUnsignedLong(version, from, from + HALF, 16);
    }
}
