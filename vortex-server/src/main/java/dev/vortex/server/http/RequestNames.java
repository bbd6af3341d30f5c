package dev.vortex.server.http;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads application, profile and label from a request in Spring Cloud Config's conventions: {@code (_)}
 * in a label stands for {@code /} (so {@code feature(_)x} is the branch {@code feature/x}).
 */
final class RequestNames {
    private RequestNames() {}

    /**
     * The cache key named by the request's {@code application}, {@code profile} and optional {@code label}
     * path parameters, with the default label applied.
     */
    static ConfigKey key(RoutingContext ctx, ResolvedConfigCache cache) {
        return cache.key(
                required(ctx.pathParam("application"), "application"),
                required(ctx.pathParam("profile"), "profile"),
                label(ctx.pathParam("label")));
    }

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
