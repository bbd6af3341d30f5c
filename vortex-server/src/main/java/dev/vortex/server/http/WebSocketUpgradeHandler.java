package dev.vortex.server.http;

import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.realtime.RealtimeEndpoint;
import dev.vortex.server.realtime.protocol.ProtocolException;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.UpgradeRefusedException;
import dev.vortex.server.security.OriginPolicy;
import dev.vortex.server.security.Principal;
import dev.vortex.server.security.TrustedProxies;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /ws/{application}/{profile}[/{label}]}: checks the request, its {@code Origin} and the key (the
 * {@link AccessGuard} in front has established the principal) while
 * it is still plain HTTP (so that refusals are proper 400/401/403/404 responses), then upgrades and hands
 * the socket to the {@link RealtimeEndpoint}.
 */
final class WebSocketUpgradeHandler implements Handler<RoutingContext> {
    private final ResolvedConfigCache cache;
    private final RealtimeEndpoint realtime;
    /** The policy of the security settings in force (they can be reloaded). */
    private final Supplier<OriginPolicy> origins;
    /** Whose {@code X-Forwarded-For} names the client, whose address the session keeps from its upgrade. */
    private final TrustedProxies trustedProxies;

    WebSocketUpgradeHandler(
            ResolvedConfigCache cache,
            RealtimeEndpoint realtime,
            Supplier<OriginPolicy> origins,
            TrustedProxies trustedProxies) {
        this.cache = cache;
        this.realtime = realtime;
        this.origins = origins;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!isUpgrade(ctx)) {
            throw HttpError.badRequest("Expected a WebSocket upgrade (Upgrade: websocket) on "
                    + ctx.request().path());
        }
        String malformed = WebSocketHandshakeCheck.problem(ctx.request());
        if (malformed != null) {
            throw HttpError.badRequest(malformed);
        }
        if (!WebSocketHandshakeCheck.SUPPORTED_VERSION.equals(
                ctx.request().getHeader("Sec-WebSocket-Version").trim())) {
            // RFC 6455 section 4.4: a version refusal names the versions the server speaks.
            ctx.response().putHeader("Sec-WebSocket-Version", WebSocketHandshakeCheck.SUPPORTED_VERSION);
            throw new HttpError(
                    426,
                    "Unsupported WebSocket version '" + ctx.request().getHeader("Sec-WebSocket-Version")
                            + "'; this server speaks version " + WebSocketHandshakeCheck.SUPPORTED_VERSION);
        }
        var key = RequestNames.key(ctx, cache);
        Shape shape;
        try {
            shape = Shape.parse(ctx.queryParams().get("shape"));
        } catch (ProtocolException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        String lastVersion = ctx.queryParams().get("last_version");
        Principal principal = AccessGuard.principal(ctx);
        if (!origins.get().allows(ctx.request())) {
            throw new HttpError(
                    403, "Origin '" + ctx.request().getHeader("Origin") + "' may not open a WebSocket here");
        }
        if (!realtime.authorizer().mayRead(principal, key)) {
            throw new HttpError(403, "'" + principal.name() + "' may not read " + key);
        }
        // Read now: the headers are gone once the connection is a WebSocket.
        String forwardedClient = trustedProxies.forwardedClient(ctx.request());
        // Hold the request (it has no body) until the upgrade, which must happen on this context.
        ctx.request().pause();
        OnContext.whenDone(ctx, cache.get(key), config -> realtime.accept(
                        ctx.request(), config, shape, principal, lastVersion, forwardedClient)
                .onFailure(failure -> refuse(ctx, failure)));
    }

    /** Whether the request asks to become a WebSocket ({@code Upgrade: websocket}). */
    static boolean isUpgrade(RoutingContext ctx) {
        return "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
    }

    private static void refuse(RoutingContext ctx, Throwable failure) {
        if (!(failure instanceof UpgradeRefusedException refused)) {
            ctx.fail(failure);
            return;
        }
        if (refused.status() == 426) {
            // RFC 6455 section 4.4: a version refusal names the versions the server speaks.
            ctx.response().putHeader("Sec-WebSocket-Version", "13");
        }
        ctx.fail(new HttpError(refused.status(), refused.getMessage()));
    }
}
