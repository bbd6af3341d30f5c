package dev.vortex.server.http;

import dev.vortex.server.backplane.Backplane;
import dev.vortex.server.backplane.BackplaneHealth;
import dev.vortex.server.metrics.ServerMetrics;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.SourceHealth;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /actuator/health} and {@code /actuator/prometheus}, in Spring Boot Actuator's shapes.
 *
 * <p>The overall status stays {@code UP} while the backend is {@code DOWN}: Vortex keeps serving the last
 * good state when Git is unreachable, and a load balancer that pulled every instance out because of a Git
 * outage would turn a stale config into no config at all. The {@code configSource} component reports the
 * outage for alerting. Likewise the {@code backplane} component: while Redis is unreachable each instance still
 * delivers the changes it detects itself, and catches up with the others' when Redis is back. And the
 * {@code jwkSet} component (when {@code security.jwt.jwks-url} is set): while the issuer is unreachable, API keys,
 * users and tokens verified before keep working.
 */
final class ActuatorHandlers {
    private final ConfigSource source;
    private final Backplane backplane;
    private final ServerMetrics metrics;
    private final CredentialsAuthorizer authorizer;

    ActuatorHandlers(
            ConfigSource source, Backplane backplane, ServerMetrics metrics, CredentialsAuthorizer authorizer) {
        this.source = source;
        this.backplane = backplane;
        this.metrics = metrics;
        this.authorizer = authorizer;
    }

    void health(RoutingContext ctx) {
        SourceHealth health = source.health();
        JsonObject component = new JsonObject()
                .put("status", health.up() ? "UP" : "DOWN")
                .put(
                        "details",
                        new JsonObject(new java.util.LinkedHashMap<>(health.details()))
                                .put("source", source.description()));
        BackplaneHealth backplaneHealth = backplane.health();
        JsonObject backplaneComponent = new JsonObject()
                .put("status", backplaneHealth.up() ? "UP" : "DOWN")
                .put("details", new JsonObject(new java.util.LinkedHashMap<>(backplaneHealth.details())));
        JsonObject components = new JsonObject().put("configSource", component).put("backplane", backplaneComponent);
        authorizer
                .jwkSetHealth()
                .ifPresent(keys -> components.put(
                        "jwkSet",
                        new JsonObject()
                                .put("status", keys.status())
                                .put("details", new JsonObject(new java.util.LinkedHashMap<>(keys.details())))));
        JsonObject body = new JsonObject().put("status", "UP").put("components", components);
        ctx.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    void prometheus(RoutingContext ctx) {
        // Scraping walks every meter: do it off the event loop.
        ctx.vertx()
                .executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(ctx::fail);
    }
}
