package dev.vortex.server.http;

import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.FailureDelay;
import dev.vortex.server.security.SecuritySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Answers a {@link Refusal}: a 401 names the accepted schemes in {@code WWW-Authenticate}; a failed attempt
 * is counted against its client address, and once that address has failed too often, the answer is held on a
 * Vert.x timer (never by blocking the event loop) for the {@link FailureDelay} it earned. Every held answer is
 * counted in {@code vortex_auth_failures_delayed_total}. The delay follows {@code security.failure-delay} across
 * settings reloads; the counts start again only when a reload changes that section.
 */
final class Refusals {
    private final CredentialsAuthorizer authorizer;
    private final Supplier<FailureDelay> delay;
    private final Counter delayed;

    /**
     * @param authorizer the schemes to name in a 401, and the settings in force
     * @param clock the clock failure windows are measured by
     * @param registry where held answers are counted
     */
    Refusals(CredentialsAuthorizer authorizer, Clock clock, MeterRegistry registry) {
        this.authorizer = authorizer;
        this.delay = new LiveSecurityPart<>(
                authorizer::settings, SecuritySettings::failureDelay, settings -> new FailureDelay(settings, clock));
        this.delayed = Counter.builder("vortex.auth.failures.delayed")
                .description("Answers to failed authentication attempts held back because their address failed often")
                .register(registry);
    }

    /** Fails {@code ctx} with {@code refusal}, at once or after its address's failure delay. */
    void refuse(RoutingContext ctx, Refusal refusal) {
        if (refusal.status() == 401) {
            authorizer
                    .challenges()
                    .forEach(challenge -> ctx.response().headers().add("WWW-Authenticate", challenge));
        }
        HttpError error = new HttpError(refusal.status(), refusal.message());
        Duration hold = refusal.failedAttempt() ? delay.get().failed(address(ctx)) : Duration.ZERO;
        if (hold.isZero()) {
            ctx.fail(error);
            return;
        }
        delayed.increment();
        ctx.vertx().setTimer(Math.max(1, hold.toMillis()), timer -> {
            // The client may have given up meanwhile: nothing left to answer.
            if (!ctx.response().closed() && !ctx.response().ended()) {
                ctx.fail(error);
            }
        });
    }

    private static String address(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
