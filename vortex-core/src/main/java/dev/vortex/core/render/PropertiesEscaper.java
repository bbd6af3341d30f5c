package dev.vortex.core.render;

/**
 * Escapes text for a {@code .properties} line so that {@link java.util.Properties} reads back exactly the
 * original string, while leaving ordinary text (URLs with {@code :}, {@code #} inside values) as readable as
 * Spring Cloud Config writes it.
 */
final class PropertiesEscaper {

    private PropertiesEscaper() {}

    /** Keys end at unescaped whitespace, {@code =} or {@code :}, and a leading {@code #} or {@code !} is a comment. */
    static String escapeKey(String key) {
        StringBuilder escaped = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == ' ' || c == '=' || c == ':' || (i == 0 && (c == '#' || c == '!'))) {
                escaped.append('\\').append(c);
            } else {
                appendCommon(escaped, c);
            }
        }
        return escaped.toString();
    }

    /** Values run to the end of the line; only their leading whitespace would be lost. */
    static String escapeValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' && i == 0) {
                escaped.append("\\ ");
            } else {
                appendCommon(escaped, c);
            }
        }
        return escaped.toString();
    }

    // Backslashes, line breaks and other control characters, which would otherwise end or alter the line.
    private static void appendCommon(StringBuilder escaped, char c) {
        switch (c) {
            case '\\' -> escaped.append("\\\\");
            case '\n' -> escaped.append("\\n");
            case '\r' -> escaped.append("\\r");
            case '\t' -> escaped.append("\\t");
            case '\f' -> escaped.append("\\f");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    escaped.append(String.format("\\u%04x", (int) c));
                } else {
                    escaped.append(c);
                }
            }
        }
    }
}
