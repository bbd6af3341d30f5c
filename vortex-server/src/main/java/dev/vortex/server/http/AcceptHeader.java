package dev.vortex.server.http;

import java.util.Locale;

/** Reads an {@code Accept} header: whether it admits a media type. */
final class AcceptHeader {
    private AcceptHeader() {}

    /**
     * Whether {@code accept} admits {@code mediaType} ({@code type/subtype}): no header, {@code *}{@code /*},
     * {@code type/*} or the type itself; a range with {@code q=0} admits nothing.
     */
    static boolean accepts(String accept, String mediaType) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String wanted = mediaType.toLowerCase(Locale.ROOT);
        String wantedType = wanted.substring(0, wanted.indexOf('/'));
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim();
            if (refused(parts)) {
                continue;
            }
            if (type.equals("*/*") || type.equals("*") || type.equals(wanted) || type.equals(wantedType + "/*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().replace(" ", "");
            if (parameter.matches("q=0(\\.0*)?")) {
                return true;
            }
        }
        return false;
    }
}
