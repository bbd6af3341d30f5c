package dev.vortex.server.http;

import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.FailureDelay;
import dev.vortex.server.security.TrustedProxies;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Answers a {@link Refusal}: a 401 names the accepted schemes in {@code WWW-Authenticate}; a failed attempt
 * is counted against its client address (from a trusted proxy, the one its {@code X-Forwarded-For} names), and
 * once that address has failed too often, the answer is held on a Vert.x timer (never by blocking the event
 * loop) for the {@link FailureDelay} it earned. The authorizer keeps
 * the counts (shared with refused {@code auth} messages on WebSockets), follows {@code security.failure-delay}
 * across settings reloads and counts every held answer in {@code vortex_auth_failures_delayed_total}.
 */
final class Refusals {
    private final CredentialsAuthorizer authorizer;
    private final TrustedProxies trustedProxies;

    /**
     * @param authorizer the schemes to name in a 401, the settings in force and the failure counts
     * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client whose failures count
     */
    Refusals(CredentialsAuthorizer authorizer, TrustedProxies trustedProxies) {
        this.authorizer = authorizer;
        this.trustedProxies = trustedProxies;
    }

    /** The address whose failures count for {@code ctx}: behind trusted proxies, the client they name. */
    String clientAddress(RoutingContext ctx) {
        return trustedProxies.clientAddress(ctx.request());
    }

    /** Fails {@code ctx} with {@code refusal}, at once or after its address's failure delay. */
    void refuse(RoutingContext ctx, Refusal refusal) {
        if (refusal.status() == 401) {
            authorizer
                    .challenges()
                    .forEach(challenge -> ctx.response().headers().add("WWW-Authenticate", challenge));
        }
        HttpError error = new HttpError(refusal.status(), refusal.message());
        Duration hold = refusal.failedAttempt() ? authorizer.failedFrom(clientAddress(ctx)) : Duration.ZERO;
        if (hold.isZero()) {
            ctx.fail(error);
            return;
        }
        ctx.vertx().setTimer(Math.max(1, hold.toMillis()), timer -> {
            // The client may have given up meanwhile: nothing left to answer.
            if (!ctx.response().closed() && !ctx.response().ended()) {
                ctx.fail(error);
            }
        });
    }
}
