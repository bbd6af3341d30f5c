package dev.vortex.sources;

import java.util.regex.Pattern;

/**
 * A path inside a search location, with {@code /} separators, checked so that it cannot name anything
 * outside the location by its spelling alone.
 *
 * <p>Every backend reads through this type, so traversal is refused here whatever the caller checked
 * before: no absolute paths, no drive letters, no backslashes, no NUL, no empty, {@code .} or {@code ..}
 * segments. Backends still check the target itself where links can point elsewhere (native symlinks).
 *
 * @param value the checked path, e.g. {@code nginx/nginx.conf}
 */
record RelativePath(String value) {
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    /** Refuses any path that could leave its location. */
    RelativePath {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("invalid path '" + value + "': must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw invalid(value, "must not contain NUL");
        }
        if (value.indexOf('\\') >= 0) {
            throw invalid(value, "must use '/' separators, not '\\'");
        }
        if (value.startsWith("/") || DRIVE_LETTER.matcher(value).matches()) {
            throw invalid(value, "must be relative");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(value, "must not contain empty, '.' or '..' segments");
            }
        }
    }

    /**
     * The profile-specific variant of this path, as Spring Cloud Config Server names it: {@code
     * nginx/nginx.conf} with {@code prod} gives {@code nginx/nginx-prod.conf}; a name without extension gets
     * the suffix at its end; a dot file is all extension ({@code .bashrc} gives {@code -prod.bashrc}).
     */
    RelativePath withProfile(String profile) {
        int slash = value.lastIndexOf('/');
        int dot = value.lastIndexOf('.');
        if (dot < slash + 1) {
            return new RelativePath(value + "-" + profile);
        }
        return new RelativePath(value.substring(0, dot) + "-" + profile + value.substring(dot));
    }

    @Override
    public String toString() {
        return value;
    }

    private static IllegalArgumentException invalid(String value, String reason) {
        return new IllegalArgumentException("invalid path '" + value + "': " + reason);
    }
}
