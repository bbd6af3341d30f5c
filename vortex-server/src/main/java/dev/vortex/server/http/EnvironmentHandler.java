package dev.vortex.server.http;

import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /{application}/{profile}[/{label}]}: the Environment JSON of Spring Cloud Config. */
final class EnvironmentHandler implements Handler<RoutingContext> {
    private static final String V2_JSON = "application/vnd.spring-cloud.config-server.v2+json";

    private final ResolvedConfigCache cache;

    EnvironmentHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        // Spring's config client asks for the v2 type (values with their origin); Spring Cloud Config Server
        // answers it with origins, Vortex with the plain Environment JSON, which the client reads as well.
        if (!AcceptHeader.accepts(accept, "application/json") && !AcceptHeader.accepts(accept, V2_JSON)) {
            // As Spring MVC: 406 with an empty body when no representation can be produced.
            ctx.response().setStatusCode(406).end();
            return;
        }
        var key = AccessGuard.readable(ctx, RequestNames.key(ctx, cache));
        OnContext.whenDone(ctx, cache.get(key), config -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(config.environmentJson()));
    }
}
