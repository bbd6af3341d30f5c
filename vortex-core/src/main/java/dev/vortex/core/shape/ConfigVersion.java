package dev.vortex.core.shape;

import dev.vortex.core.Sha256;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

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
        // The serialisation is built in one buffer and hashed with one update: per value, four small
        // MessageDigest.update calls (and a ByteBuffer for each length) cost more than the hashing itself,
        // in code that runs once per change and so seldom gets compiled.
        Canonical canonical = new Canonical();
        KeyOrder.sorted(flat).forEach((key, value) -> {
            canonical.text(key);
            writeValue(canonical, value);
        });
        MessageDigest digest = Sha256.newDigest();
        digest.update(SCHEME);
        digest.update(canonical.bytes, 0, canonical.size);
        return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_LENGTH);
    }

    private static void writeValue(Canonical canonical, Object value) {
        if (value == null) {
            canonical.tag(NULL);
        } else if (value instanceof Boolean bool) {
            canonical.tag(BOOLEAN);
            canonical.text(bool.toString());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            canonical.tag(INTEGER);
            canonical.text(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            canonical.tag(FLOAT);
            canonical.text(Long.toHexString(Double.doubleToLongBits(((Number) value).doubleValue())));
        } else if (value instanceof BigDecimal decimal) {
            canonical.tag(DECIMAL);
            canonical.text(decimal.toString());
        } else {
            // Strings, and whatever else the JSON shapes render as text.
            canonical.tag(STRING);
            canonical.text(String.valueOf(value));
        }
    }

    // The type tags, each as text() writes it: its length, then its UTF-8 bytes.
    private static final byte[] NULL = Canonical.of("null");
    private static final byte[] BOOLEAN = Canonical.of("boolean");
    private static final byte[] INTEGER = Canonical.of("integer");
    private static final byte[] FLOAT = Canonical.of("float");
    private static final byte[] DECIMAL = Canonical.of("decimal");
    private static final byte[] STRING = Canonical.of("string");

    /** The canonical serialisation: every string as its UTF-8 length (4 bytes, big-endian), then its bytes. */
    private static final class Canonical {
        private byte[] bytes = new byte[4096];
        private int size;

        static byte[] of(String text) {
            Canonical canonical = new Canonical();
            canonical.text(text);
            return Arrays.copyOf(canonical.bytes, canonical.size);
        }

        void tag(byte[] tag) {
            reserve(tag.length);
            System.arraycopy(tag, 0, bytes, size, tag.length);
            size += tag.length;
        }

        void text(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            reserve(Integer.BYTES + utf8.length);
            int length = utf8.length;
            bytes[size] = (byte) (length >>> 24);
            bytes[size + 1] = (byte) (length >>> 16);
            bytes[size + 2] = (byte) (length >>> 8);
            bytes[size + 3] = (byte) length;
            System.arraycopy(utf8, 0, bytes, size + Integer.BYTES, length);
            size += Integer.BYTES + length;
        }

        private void reserve(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
