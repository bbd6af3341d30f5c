package dev.vortex.server.http;

import dev.vortex.core.Placeholders;
import dev.vortex.core.render.ConfigRenderer;
import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /[{label}/]{application}-{profiles}.(yml|yaml|properties|json)}: the merged config rendered as
 * one file, with {@code ${...}} placeholders resolved unless {@code ?resolvePlaceholders=false}.
 */
final class RenderedConfigHandler implements Handler<RoutingContext> {
    /**
     * As Spring Cloud Config Server labels its renderings: no charset (the body is UTF-8, which a client
     * reading an ASCII-only config cannot tell apart from ISO-8859-1).
     */
    private static final String TEXT_PLAIN = "text/plain";

    private final ResolvedConfigCache cache;

    RenderedConfigHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var key = AccessGuard.readable(ctx, RequestNames.key(ctx, cache));
        String extension = ctx.pathParam("extension").toLowerCase(Locale.ROOT);
        boolean resolvePlaceholders =
                !"false".equalsIgnoreCase(ctx.queryParams().get("resolvePlaceholders"));
        OnContext.whenDone(ctx, cache.get(key), config -> {
            Map<String, Object> properties = resolvePlaceholders
                    ? Placeholders.resolveAll(config.rendered(), config.environment()::property)
                    : config.rendered();
            switch (extension) {
                case "yml", "yaml" -> send(ctx, TEXT_PLAIN, ConfigRenderer.toYaml(properties));
                case "properties" -> send(ctx, TEXT_PLAIN, ConfigRenderer.toProperties(properties));
                case "json" -> send(ctx, "application/json", ConfigRenderer.toJson(properties));
                default -> throw HttpError.notFound("Unknown format '" + extension + "'");
            }
        });
    }

    private static void send(RoutingContext ctx, String contentType, String body) {
        ctx.response().putHeader("Content-Type", contentType).end(body);
    }
}
