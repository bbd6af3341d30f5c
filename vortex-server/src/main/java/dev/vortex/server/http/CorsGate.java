package dev.vortex.server.http;

import dev.vortex.server.security.CorsSettings;
import dev.vortex.server.security.OriginPolicy;
import dev.vortex.server.security.SecuritySettings;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CORS for the HTTP API, on every route in front of {@code HEAD}/{@code OPTIONS} handling and of the {@link
 * AccessGuard}, by the {@code security.cors} in force (a reload that changes it applies to the next request;
 * without {@code allowed-origins} the gate lets everything through): a browser's preflight carries no
 * credentials, so it is answered (204 with the {@code Access-Control-Allow-*} headers) before any check of them.
 *
 * <p>A request from a listed origin gets its CORS headers from Vert.x's {@link CorsHandler} and goes on (a 401
 * or 403 then carries them too, so that the page can read why). A request from another origin is refused with
 * 403 before it does anything: a form a foreign page posts to {@code /monitor} never triggers a refresh.
 * Requests without {@code Origin} (non-browser clients), from the server's own origin, and WebSocket upgrades
 * (judged by {@code security.allowed-origins}) pass untouched.
 */
final class CorsGate implements Handler<RoutingContext> {
    private final Supplier<Handler<RoutingContext>> rules;

    /** @param settings the security settings in force ({@code authorizer::settings}) */
    CorsGate(Supplier<SecuritySettings> settings) {
        this.rules = new LiveSecurityPart<>(settings, SecuritySettings::cors, CorsGate::rules);
    }

    /** What {@code settings} do to a request: nothing when they list no origin. */
    private static Handler<RoutingContext> rules(CorsSettings settings) {
        return settings.enabled() ? new Rules(settings) : RoutingContext::next;
    }

    @Override
    public void handle(RoutingContext ctx) {
        rules.get().handle(ctx);
    }

    /** The rules of CORS settings that list origins. */
    private static final class Rules implements Handler<RoutingContext> {
        private final OriginPolicy origins;
        private final CorsHandler cors;

        Rules(CorsSettings settings) {
            this.origins = new OriginPolicy(settings.allowedOrigins(), false);
            CorsHandler handler = CorsHandler.create();
            if (settings.allowedOrigins().contains("*")) {
                handler.addOrigin("*");
            } else {
                handler.addOrigins(settings.allowedOrigins());
            }
            Set<HttpMethod> methods = new LinkedHashSet<>();
            settings.allowedMethods().forEach(method -> methods.add(HttpMethod.valueOf(method)));
            this.cors = handler.allowedMethods(methods)
                    .allowedHeaders(new LinkedHashSet<>(settings.allowedHeaders()))
                    .exposedHeaders(new LinkedHashSet<>(settings.exposedHeaders()))
                    .allowCredentials(settings.allowCredentials())
                    .maxAgeSeconds(
                            (int) Math.min(Integer.MAX_VALUE, settings.maxAge().toSeconds()));
        }

        @Override
        public void handle(RoutingContext ctx) {
            String origin = ctx.request().getHeader("Origin");
            if (origin == null || WebSocketUpgradeHandler.isUpgrade(ctx) || OriginPolicy.sameOrigin(ctx.request())) {
                ctx.next();
                return;
            }
            if (!CorsSettings.isOrigin(origin.trim()) || !origins.allows(ctx.request())) {
                ctx.fail(new HttpError(
                        403, "origin '" + origin + "' may not call this API (not in security.cors.allowed-origins)"));
                return;
            }
            cors.handle(ctx);
        }
    }
}
