package dev.vortex.server.http;

import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /{application}/{profile}[/{label}]}: the Environment JSON of Spring Cloud Config. */
final class EnvironmentHandler implements Handler<RoutingContext> {
    private final ResolvedConfigCache cache;

    EnvironmentHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!AcceptHeader.accepts(ctx.request().getHeader("Accept"), "application/json")) {
            // As Spring MVC: 406 with an empty body when no representation can be produced.
            ctx.response().setStatusCode(406).end();
            return;
        }
        var key = RequestNames.key(ctx, cache);
        OnContext.whenDone(ctx, cache.get(key), config -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(config.environmentJson()));
    }
}
