package dev.vortex.server.http;

/**
 * Reads application, profile and label from a request in Spring Cloud Config's conventions: {@code (_)}
 * in a label stands for {@code /} (so {@code feature(_)x} is the branch {@code feature/x}).
 */
final class RequestNames {
    private RequestNames() {}

    /** The label with {@code (_)} turned into {@code /}, or {@code null} when absent; refuses empty segments. */
    static String label(String raw) {
        if (raw == null) {
            return null;
        }
        String label = raw.replace("(_)", "/");
        for (String part : label.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw HttpError.badRequest("Invalid label '" + raw + "'");
            }
        }
        return label;
    }

    /** A required application or profile name; refuses blanks. */
    static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("Missing " + what);
        }
        return value;
    }
}
