package dev.vortex.server.http;

import dev.vortex.server.metrics.ServerMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Times every request and records it under its route template, which each route sets with {@link #route}.
 */
final class RouteMetrics implements Handler<RoutingContext> {
    private static final String ROUTE_KEY = "vortex.route";
    private static final String UNMATCHED = "UNMATCHED";

    private final ServerMetrics metrics;

    RouteMetrics(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Wraps {@code handler} so that requests it serves are recorded under {@code template}. */
    static Handler<RoutingContext> route(String template, Handler<RoutingContext> handler) {
        return ctx -> {
            ctx.put(ROUTE_KEY, template);
            handler.handle(ctx);
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (WebSocketUpgradeHandler.isUpgrade(ctx)) {
            // An upgraded response never ends: an end handler would keep this routing context (and the whole
            // request) alive for the connection's life. WebSocket traffic has its own meters.
            ctx.next();
            return;
        }
        long start = System.nanoTime();
        ctx.response().endHandler(ignored -> {
            String template = ctx.get(ROUTE_KEY);
            metrics.recordHttpRequest(
                    ctx.request().method().name(),
                    template == null ? UNMATCHED : template,
                    ctx.response().getStatusCode(),
                    System.nanoTime() - start);
        });
        ctx.next();
    }
}
