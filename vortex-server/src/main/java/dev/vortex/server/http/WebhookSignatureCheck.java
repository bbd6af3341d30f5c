package dev.vortex.server.http;

import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.Principal;
import dev.vortex.server.security.Right;
import dev.vortex.server.security.WebhookVerifier;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * On {@code POST /monitor}, behind the body handler: a push that its Git host signed with a configured secret
 * (see {@link WebhookVerifier}) may trigger a refresh without other credentials. It only acts on a request
 * the {@link AccessGuard} let through with a pending refusal (no credentials holding {@code refresh}); with a
 * valid signature that refusal is lifted, otherwise it is answered. A signature that does not match, and a
 * request that shows neither signature nor credentials, is a failed attempt: logged once and counted under
 * the scheme {@code webhook}, and slowed down like any other.
 *
 * <p>The signature covers the exact bytes received: the body handler keeps them for JSON and URL-encoded
 * forms (its size limit and the form limits still apply), but not for {@code multipart/form-data}, which no
 * Git host sends and which is refused here.
 */
final class WebhookSignatureCheck implements Handler<RoutingContext> {
    private static final String PENDING = "vortex.webhook.pending-refusal";
    private static final String SCHEME = "webhook";

    private final CredentialsAuthorizer authorizer;
    private final Refusals refusals;

    WebhookSignatureCheck(CredentialsAuthorizer authorizer, Refusals refusals) {
        this.authorizer = authorizer;
        this.refusals = refusals;
    }

    /** A refusal left for this check, and the secrets in force when the guard decided to leave it. */
    private record Pending(Refusal refusal, WebhookVerifier verifier) {}

    /**
     * Leaves {@code refusal} for this check to answer unless the body turns out to be signed under one of {@code
     * verifier}'s secrets: those the guard saw, so that a reload while the body arrives cannot judge one request
     * by two sets of secrets.
     */
    static void awaitSignature(RoutingContext ctx, Refusal refusal, WebhookVerifier verifier) {
        ctx.put(PENDING, new Pending(refusal, verifier));
    }

    @Override
    public void handle(RoutingContext ctx) {
        Pending left = ctx.get(PENDING);
        if (left == null) {
            // Credentials with the refresh right (or no webhook secrets, or an open server): nothing to check.
            ctx.next();
            return;
        }
        Refusal pending = left.refusal();
        WebhookVerifier verifier = left.verifier();
        if (isMultipart(ctx)) {
            authorizer.recordFailure(SCHEME, null, "multipart body", refusals.clientAddress(ctx));
            refusals.refuse(
                    ctx,
                    new Refusal(
                            401,
                            "a signed push must come as JSON or an URL-encoded form, not multipart/form-data",
                            true));
            return;
        }
        Buffer body = ctx.body().buffer();
        WebhookVerifier.Verdict verdict =
                verifier.verify(ctx.request().headers(), body == null ? new byte[0] : body.getBytes());
        if (verdict.valid()) {
            AccessGuard.authenticated(
                    ctx,
                    new Principal(
                            SCHEME + ":" + verdict.provider().key(), new Grants(List.of(), EnumSet.of(Right.REFRESH))));
            ctx.next();
            return;
        }
        if (verdict.presented()) {
            authorizer.recordFailure(SCHEME, verdict.provider().key(), verdict.problem(), refusals.clientAddress(ctx));
            refusals.refuse(ctx, new Refusal(401, verdict.problem(), true));
        } else if (pending.status() == 401 && !pending.failedAttempt()) {
            // Neither signature nor credentials: a webhook that was set up without its secret, or a stranger.
            authorizer.recordFailure(
                    SCHEME, null, "no webhook signature and no credentials", refusals.clientAddress(ctx));
            refusals.refuse(
                    ctx,
                    new Refusal(
                            401,
                            "POST /monitor needs a webhook signature (" + String.join(", ", verifier.headers())
                                    + ") or credentials with the 'refresh' right",
                            true));
        } else {
            // Bad credentials (logged when they were checked) or credentials without the refresh right.
            refusals.refuse(ctx, pending);
        }
    }

    private static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }
}
