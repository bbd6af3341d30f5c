package dev.vortex.server.http;

import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /cache} and {@code DELETE /cache/{application}/{profile}[/{label}]}: drop resolved configs
 * so that the next request reads the source again.
 */
final class CacheAdminHandler {
    private final ResolvedConfigCache cache;

    CacheAdminHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    void dropAll(RoutingContext ctx) {
        cache.invalidateAll();
        ctx.response().setStatusCode(204).end();
    }

    void dropOne(RoutingContext ctx) {
        cache.invalidate(RequestNames.key(ctx, cache));
        ctx.response().setStatusCode(204).end();
    }
}
