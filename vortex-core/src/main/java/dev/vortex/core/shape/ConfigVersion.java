package dev.vortex.core.shape;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content-hash versions of a configuration: the same flat content gives the same version on every instance,
 * whatever the map's order, with no coordination.
 *
 * <p>The hash is SHA-256 over a canonical serialisation: entries sorted by key, each written as the key, a
 * type tag and the value's text, every string length-prefixed so that no two contents serialise alike.
 * Types are part of the content ({@code 1} and {@code "1"} differ) the way JSON sees them: all integer
 * types are one type, so {@code Integer 1} and {@code Long 1} give the same version. Doubles are written by
 * their exact bits, not {@link Double#toString}, whose output changed between JDK releases.
 */
public final class ConfigVersion {

    /** Changing the serialisation changes every version; the prefix names the scheme in use. */
    private static final byte[] SCHEME = "vortex-version-1".getBytes(StandardCharsets.UTF_8);

    private static final int HEX_LENGTH = 32;

    private ConfigVersion() {}

    /**
     * @param flat flat properties (keys must not be {@code null})
     * @return 32 lowercase hex characters (the first 128 bits of the SHA-256)
     */
    public static String of(Map<String, ?> flat) {
        MessageDigest digest = sha256();
        digest.update(SCHEME);
        new TreeMap<String, Object>(flat).forEach((key, value) -> {
            update(digest, key);
            writeValue(digest, value);
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_LENGTH);
    }

    private static void writeValue(MessageDigest digest, Object value) {
        if (value == null) {
            update(digest, "null");
        } else if (value instanceof Boolean bool) {
            update(digest, "boolean");
            update(digest, bool.toString());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            update(digest, "integer");
            update(digest, value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            update(digest, "float");
            update(digest, Long.toHexString(Double.doubleToLongBits(((Number) value).doubleValue())));
        } else if (value instanceof BigDecimal decimal) {
            update(digest, "decimal");
            update(digest, decimal.toString());
        } else {
            // Strings, and whatever else the JSON shapes render as text.
            update(digest, "string");
            update(digest, String.valueOf(value));
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
