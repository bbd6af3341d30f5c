package dev.vortex.bench;

/**
 * Just enough decoding of a server frame to timestamp and attribute it, by string search instead of a JSON
 * parse: the load generator must not be the bottleneck.
 *
 * <p>It relies on the member order the server writes (PROTOCOL.md's examples): {@code type}, {@code app},
 * {@code profile} and {@code label} first, {@code config} or {@code diff} in the middle, the versions after
 * them. The versions are therefore found from the end, so that a config value or a diff never shadows them;
 * a quote inside a JSON string is escaped, so {@code "new_version":"} cannot occur inside one.
 */
final class FrameScan {
    static final String SNAPSHOT = "config_snapshot";
    static final String CHANGE = "config_change";
    static final String LAGGED = "lagged";

    private static final String TYPE_PREFIX = "{\"type\":\"";

    private FrameScan() {}

    /** The message type, or {@code null} when the frame does not start as server messages do. */
    static String type(String frame) {
        if (!frame.startsWith(TYPE_PREFIX)) {
            return null;
        }
        int end = frame.indexOf('"', TYPE_PREFIX.length());
        return end < 0 ? null : frame.substring(TYPE_PREFIX.length(), end);
    }

    /** The first occurrence of string member {@code name} (for the header members). */
    static String first(String frame, String name) {
        String marker = "\"" + name + "\":\"";
        int start = frame.indexOf(marker);
        return start < 0 ? null : value(frame, start + marker.length());
    }

    /** The last occurrence of string member {@code name} (for the versions, written after the payload). */
    static String last(String frame, String name) {
        String marker = "\"" + name + "\":\"";
        int start = frame.lastIndexOf(marker);
        return start < 0 ? null : value(frame, start + marker.length());
    }

    /** The version a snapshot or change takes the client to, or {@code null} for other frames. */
    static String targetVersion(String type, String frame) {
        if (CHANGE.equals(type)) {
            return last(frame, "new_version");
        }
        if (SNAPSHOT.equals(type)) {
            return last(frame, "version");
        }
        return null;
    }

    private static String value(String frame, int start) {
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }
}
