package dev.vortex.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * {@code HEAD} and {@code OPTIONS} as Spring MVC (and so Spring Cloud Config Server) answers them: a {@code
 * HEAD} is the {@code GET} of the same path without the body; an {@code OPTIONS} is 200 with an empty body
 * and {@code Allow} naming the methods of the path. Load balancers and HTTP tools probe with both.
 */
final class HeadAndOptions {
    /** Paths served by {@code POST} only. */
    private static final Pattern POST_ONLY = Pattern.compile("/(encrypt|decrypt)(/[^/]+/[^/]+)?|/monitor");

    private static final Pattern DELETE_ONLY = Pattern.compile("/cache(/[^/]+/[^/]+(/[^/]+)?)?");

    private HeadAndOptions() {}

    /** Adds the handler; must come before every other route. */
    static void mount(Router router) {
        // One route for every method: a route restricted to HEAD or OPTIONS would match every path, and
        // Vert.x would then answer 405 instead of 404 to any other method on an unknown path.
        router.route().handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (method.equals(HttpMethod.HEAD)) {
                // Vert.x leaves the body out of an HTTP/1.1 response to a HEAD request by itself. (Over h2c
                // Vert.x 5.0 still sends it; Spring clients speak HTTP/1.1.)
                ctx.reroute(HttpMethod.GET, ctx.request().uri());
            } else if (method.equals(HttpMethod.OPTIONS)) {
                options(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static void options(RoutingContext ctx) {
        String path = ctx.request().path();
        String allow;
        if (POST_ONLY.matcher(path).matches()) {
            allow = "POST,OPTIONS";
        } else if (DELETE_ONLY.matcher(path).matches()) {
            allow = "DELETE,OPTIONS";
        } else {
            allow = "GET,HEAD,OPTIONS";
        }
        ctx.response().putHeader("Allow", allow).end();
    }
}
