package dev.vortex.server.http;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.realtime.RealtimeEndpoint;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;

/** {@code GET /api/keys}: the keys this instance has served recently that the principal may read, for the
 * live page's suggestions. */
final class KnownKeysHandler implements Handler<RoutingContext> {
    private final RealtimeEndpoint realtime;

    KnownKeysHandler(RealtimeEndpoint realtime) {
        this.realtime = realtime;
    }

    @Override
    public void handle(RoutingContext ctx) {
        JsonArray keys = new JsonArray();
        realtime.knownKeys().stream()
                .filter(key -> AccessGuard.principal(ctx).grants().mayRead(key))
                .sorted(Comparator.comparing(ConfigKey::toString))
                .forEach(key -> keys.add(new JsonObject()
                        .put("application", key.application())
                        .put("profile", key.profiles())
                        .put("label", key.label())));
        ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("keys", keys).toBuffer());
    }
}
