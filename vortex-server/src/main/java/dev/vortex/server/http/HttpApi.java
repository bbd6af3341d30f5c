package dev.vortex.server.http;

import static dev.vortex.server.http.RouteMetrics.route;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.crypto.CipherTexts;
import dev.vortex.server.metrics.ServerMetrics;
import dev.vortex.server.realtime.RealtimeEndpoint;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.Right;
import dev.vortex.server.security.TrustedProxies;
import dev.vortex.sources.ConfigSource;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/**
 * The Spring Cloud Config compatible HTTP API. The routes, in the order they are tried:
 *
 * <ul>
 *   <li>{@code GET /actuator/health}, {@code GET /actuator/prometheus}
 *   <li>{@code GET /} and {@code GET /ui/*}: the live page; {@code GET /api/keys}: the keys it can suggest
 *   <li>{@code GET /ws/{application}/{profile}[/{label}]}: the real-time WebSocket endpoint
 *   <li>{@code POST /monitor}: push webhooks (Spring Cloud Config Monitor compatible)
 *   <li>{@code POST /encrypt}, {@code POST /decrypt}, {@code GET /key} (each also under {@code
 *       /{name}/{profiles}}), {@code GET /encrypt/status}
 *   <li>{@code DELETE /cache}, {@code DELETE /cache/{application}/{profile}[/{label}]}
 *   <li>{@code GET /{application}-{profiles}.(yml|yaml|properties|json)} and the same under {@code /{label}/}
 *       (before the Environment routes, which would otherwise claim {@code /{label}/{file}})
 *   <li>{@code GET /{application}/{profile}/{path}?useDefaultLabel}: a plain file at the default label
 *   <li>{@code GET /{application}/{profile}[/{label}]}
 *   <li>{@code GET /{application}/{profile}/{label}/{path}}
 * </ul>
 */
public final class HttpApi {
    private static final String RENDERED =
            "(?<application>[^/]+)-(?<profile>[^/]+)\\.(?<extension>yml|yaml|properties|json)";

    private HttpApi() {}

    /**
     * Builds the router.
     *
     * @param vertx the Vert.x instance
     * @param source the backend (for health)
     * @param cache the resolved configs
     * @param realtime the WebSocket endpoint
     * @param metrics where requests are recorded
     * @param ciphers what the encryption endpoints do
     * @param clock the clock for error timestamps
     * @param refreshSoon asks for an immediate source refresh without blocking (for push webhooks)
     * @param authorizer who may do what: every route but {@code /actuator/health} (and {@code OPTIONS}) passes
     *     its {@link AccessGuard}; its settings in force also give the webhook secrets, CORS and the failure
     *     delay, read per request so that they follow settings reloads
     * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client the failure delay counts
     * @return the request handler of the HTTP servers: the {@code Host} check, then the router
     */
    public static Handler<HttpServerRequest> handler(
            Vertx vertx,
            ConfigSource source,
            ResolvedConfigCache cache,
            RealtimeEndpoint realtime,
            Backplane backplane,
            ServerMetrics metrics,
            CipherTexts ciphers,
            Clock clock,
            Runnable refreshSoon,
            CredentialsAuthorizer authorizer,
            TrustedProxies trustedProxies) {
        Router router = Router.router(vertx);
        ErrorResponder errors = new ErrorResponder(clock);
        router.route().handler(new RouteMetrics(metrics));
        router.route().handler(new RequestPathGuard());
        // Before HEAD and OPTIONS and the guard: preflights carry no credentials.
        router.route().handler(new CorsGate(authorizer::settings));
        HeadAndOptions.mount(router);
        // The live page. Its own files (HTML, script, style: the same for everyone, no configuration) come before
        // the guard, so that a browser can open it and then present a token (?token= on the WebSocket, a header on
        // /api/keys); everything it reads is behind the guard. Its assets must never fall through to the config
        // routes, hence the 404 behind them.
        router.get("/").handler(route("/", ctx -> ctx.reroute("/ui/index.html")));
        router.get("/ui/*").handler(route("/ui/*", StaticHandler.create("webroot")));
        router.get("/ui/*")
                .handler(ctx -> ctx.fail(
                        HttpError.notFound("No such asset: " + ctx.request().path())));

        // The webhook secrets, CORS and the failure delay follow settings reloads: each is read per request.
        Refusals refusals = new Refusals(authorizer, trustedProxies);
        // After HEAD and OPTIONS: a HEAD is rerouted as a GET, which then passes here once.
        router.route().handler(new AccessGuard(authorizer, refusals));

        ActuatorHandlers actuator = new ActuatorHandlers(source, backplane, metrics, authorizer);
        router.get("/actuator/health").handler(route("/actuator/health", actuator::health));
        router.get("/actuator/prometheus").handler(route("/actuator/prometheus", actuator::prometheus));

        router.get("/api/keys").handler(route("/api/keys", new KnownKeysHandler(realtime)));

        WebSocketUpgradeHandler webSocket =
                new WebSocketUpgradeHandler(cache, realtime, authorizer::originPolicy, trustedProxies);
        router.get("/ws/:application/:profile").handler(route("/ws/{application}/{profile}", webSocket));
        router.get("/ws/:application/:profile/:label").handler(route("/ws/{application}/{profile}/{label}", webSocket));

        router.post("/monitor")
                .handler(route("/monitor", MonitorHandler.bodyHandler()))
                .handler(new WebhookSignatureCheck(authorizer, refusals))
                .handler(new MonitorHandler(refreshSoon));

        CacheAdminHandler cacheAdmin = new CacheAdminHandler(cache);
        router.delete("/cache").handler(route("/cache", cacheAdmin::dropAll));
        router.delete("/cache/:application/:profile")
                .handler(route("/cache/{application}/{profile}", cacheAdmin::dropOne));
        router.delete("/cache/:application/:profile/:label")
                .handler(route("/cache/{application}/{profile}/{label}", cacheAdmin::dropOne));

        // Before the Environment routes, which would take /encrypt/status and /key/{name}/{profiles}.
        EncryptionHandlers.mount(router, ciphers, AccessGuard.requiring(Right.ADMIN));

        RenderedConfigHandler rendered = new RenderedConfigHandler(cache);
        router.getWithRegex("/" + RENDERED).handler(route("/{application}-{profile}.{extension}", rendered));
        router.getWithRegex("/(?<label>[^/]+)/" + RENDERED)
                .handler(route("/{label}/{application}-{profile}.{extension}", rendered));

        PlainFileHandler plainFile = new PlainFileHandler(cache);
        Handler<RoutingContext> plainFileAtDefaultLabel =
                route("/{application}/{profile}/{path}?useDefaultLabel", plainFile);
        router.getWithRegex("/(?<application>[^/]+)/(?<profile>[^/]+)/(?<path>.+)")
                .handler(ctx -> {
                    if (PlainFileHandler.usesDefaultLabel(ctx)) {
                        plainFileAtDefaultLabel.handle(ctx);
                    } else {
                        ctx.next();
                    }
                });

        EnvironmentHandler environment = new EnvironmentHandler(cache);
        router.get("/:application/:profile").handler(route("/{application}/{profile}", environment));
        router.get("/:application/:profile/:label").handler(route("/{application}/{profile}/{label}", environment));

        router.getWithRegex("/(?<application>[^/]+)/(?<profile>[^/]+)/(?<label>[^/]+)/(?<path>.+)")
                .handler(route("/{application}/{profile}/{label}/{path}", plainFile));

        router.route().failureHandler(errors);
        router.errorHandler(404, errors);
        router.errorHandler(405, errors);
        return new HostHeaderCheck(router, errors);
    }
}
