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
        var key = AccessGuard.readable(ctx, RequestNames.key(ctx, cache));
        OnContext.whenDone(ctx, cache.get(key), config -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(config.environmentJson()));
    }
}
