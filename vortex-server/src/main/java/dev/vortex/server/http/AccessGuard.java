package dev.vortex.server.http;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.security.AuthenticationException;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.Principal;
import dev.vortex.server.security.Right;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.WebhookVerifier;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * In front of every route: establishes the request's {@link Principal} (401 with {@code WWW-Authenticate}
 * when credentials are missing or bad) and refuses, with 403, routes that need a right the principal lacks:
 * {@code refresh} for {@code DELETE /cache...} and {@code POST /monitor}, {@code metrics} for
 * {@code /actuator/prometheus} ({@code admin} for {@code /encrypt} and {@code /decrypt}: {@link #requiring}). Which keys a
 * principal may read is checked by each reading route ({@link #readable}), once it knows the key.
 * {@code GET /actuator/health} stays open unless the settings say otherwise.
 *
 * <p>With webhook secrets configured (those in force: a settings reload that changes {@code security.webhooks}
 * applies to the next request), {@code POST /monitor} is let in without credentials holding {@code
 * refresh}, but with its refusal pending: the {@link WebhookSignatureCheck} behind the body handler lifts it
 * when the body is signed, and answers it otherwise. Refusals are answered by {@link Refusals}, which slows
 * down addresses that fail repeatedly.
 */
final class AccessGuard implements Handler<RoutingContext> {
    private static final String PRINCIPAL = "vortex.principal";
    private static final String HEALTH = "/actuator/health";

    private final CredentialsAuthorizer authorizer;
    private final Supplier<WebhookVerifier> webhooks;
    private final Refusals refusals;

    /**
     * @param authorizer who may do what, and the settings in force: with webhook secrets among them, {@code POST
     *     /monitor} without credentials holding {@code refresh} is left to the {@link WebhookSignatureCheck}
     *     behind the body handler
     * @param refusals how refusals are answered
     */
    AccessGuard(CredentialsAuthorizer authorizer, Refusals refusals) {
        this.authorizer = authorizer;
        this.webhooks = new LiveSecurityPart<>(authorizer::settings, SecuritySettings::webhooks, WebhookVerifier::new);
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (authorizer.settings().healthOpen() && HEALTH.equals(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        // One verifier per request: the signature check behind the body handler judges by the secrets decided on here.
        WebhookVerifier verifier = webhooks.get();
        // A Basic check may complete on a worker thread later: hold the body (POST /monitor) until then.
        ctx.request().pause();
        authorizer.authenticate(ctx.request()).onComplete(authenticated -> {
            ctx.request().resume();
            // A push may prove itself by its signature instead, which only its body can tell.
            boolean signatureMayDo = verifier.configured() && isMonitor(ctx);
            if (authenticated.failed()) {
                Throwable failure = authenticated.cause();
                if (!(failure instanceof AuthenticationException refusal)) {
                    ctx.fail(failure);
                    return;
                }
                Refusal refused = new Refusal(401, failure.getMessage(), !refusal.missing());
                if (signatureMayDo) {
                    WebhookSignatureCheck.awaitSignature(ctx, refused, verifier);
                    ctx.next();
                } else {
                    refusals.refuse(ctx, refused);
                }
                return;
            }
            Principal principal = authenticated.result();
            Right needed = rightNeeded(ctx.request().method(), routedPath(ctx));
            if (signatureMayDo
                    && !(authorizer.usesCredentials() && principal.grants().has(Right.REFRESH))) {
                // With webhook secrets, the anonymous principal of a server without schemes lacks the right too.
                WebhookSignatureCheck.awaitSignature(
                        ctx,
                        authorizer.usesCredentials()
                                ? new Refusal(403, lacks(principal, Right.REFRESH), false)
                                : new Refusal(401, "credentials required", false),
                        verifier);
                ctx.next();
                return;
            }
            if (needed != null && !principal.grants().has(needed)) {
                ctx.fail(new HttpError(403, lacks(principal, needed)));
                return;
            }
            ctx.put(PRINCIPAL, principal);
            ctx.next();
        });
    }

    private static boolean isMonitor(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST && "/monitor".equals(routedPath(ctx));
    }

    /**
     * The path as the router matches it: normalized, and without a trailing slash, since a route for {@code
     * /monitor} also takes {@code /monitor/} (which must not escape the right that {@code /monitor} needs).
     */
    private static String routedPath(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String lacks(Principal principal, Right right) {
        return "'" + principal.name() + "' lacks the right '" + right + "'";
    }

    /** Lets a {@link WebhookSignatureCheck} establish the principal of a signed push. */
    static void authenticated(RoutingContext ctx, Principal principal) {
        ctx.put(PRINCIPAL, principal);
    }

    /** The right a route needs besides reading, or {@code null}. */
    static Right rightNeeded(HttpMethod method, String path) {
        if (path.equals("/actuator/prometheus")) {
            return Right.METRICS;
        }
        if ((method == HttpMethod.DELETE && (path.equals("/cache") || path.startsWith("/cache/")))
                || (method == HttpMethod.POST && path.equals("/monitor"))) {
            return Right.REFRESH;
        }
        return null;
    }

    /**
     * A handler that lets a request through only when its principal holds {@code right} (403 otherwise): for
     * routes that know best which of their paths need it ({@code admin} for {@code /encrypt} and
     * {@code /decrypt}, see {@link EncryptionHandlers}).
     */
    static Handler<RoutingContext> requiring(Right right) {
        return ctx -> {
            Principal principal = principal(ctx);
            if (!principal.grants().has(right)) {
                ctx.fail(new HttpError(403, lacks(principal, right)));
                return;
            }
            ctx.next();
        };
    }

    /** The principal the guard established for {@code ctx}. */
    static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw new HttpError(401, "credentials required");
        }
        return principal;
    }

    /**
     * {@code key}, when the request's principal may read it.
     *
     * @throws HttpError 403 otherwise, naming the key (never the patterns)
     */
    static ConfigKey readable(RoutingContext ctx, ConfigKey key) {
        Principal principal = principal(ctx);
        if (!principal.grants().mayRead(key)) {
            throw new HttpError(403, "'" + principal.name() + "' may not read " + key);
        }
        return key;
    }
}
