package dev.vortex.server.http;

import static dev.vortex.server.http.RouteMetrics.route;

import dev.vortex.server.crypto.CipherTexts;
import dev.vortex.server.crypto.EncryptionException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;

/**
 * Spring Cloud Config's encryption endpoints, with its statuses and bodies: {@code POST /encrypt}, {@code
 * POST /decrypt}, {@code GET /key}, {@code GET /encrypt/status}, and the {@code /{name}/{profiles}} variants
 * of the first three (the key does not depend on them, as with a single key or keystore in Spring).
 *
 * <p>Encryption is CPU work of a millisecond or so (an RSA private-key operation at most), done on the event
 * loop like the JSON encoding of a response; no I/O.
 */
final class EncryptionHandlers {
    /** Ciphertexts and secrets are small; a larger body is refused (413) rather than buffered. */
    private static final long BODY_LIMIT_BYTES = 64 * 1024;

    private final CipherTexts ciphers;

    private EncryptionHandlers(CipherTexts ciphers) {
        this.ciphers = ciphers;
    }

    /**
     * Adds the routes; must come before the Environment routes, which would claim {@code /encrypt/status}
     * and {@code /key/{name}/{profiles}}.
     *
     * @param adminOnly runs before {@code /encrypt} and {@code /decrypt}: requires the {@code admin} right
     *     ({@link AccessGuard#requiring}), since these two endpoints turn the server into an encryption and
     *     decryption oracle.
     */
    static void mount(Router router, CipherTexts ciphers, Handler<RoutingContext> adminOnly) {
        EncryptionHandlers handlers = new EncryptionHandlers(ciphers);
        Supplier<BodyHandler> body = () -> BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
        for (String suffix : new String[] {"", "/:name/:profiles"}) {
            String template = suffix.isEmpty() ? "" : "/{name}/{profiles}";
            router.post("/encrypt" + suffix)
                    .handler(body.get())
                    .handler(route("/encrypt" + template, adminOnly))
                    .handler(handlers::encrypt);
            router.post("/decrypt" + suffix)
                    .handler(body.get())
                    .handler(route("/decrypt" + template, adminOnly))
                    .handler(handlers::decrypt);
            router.get("/key" + suffix).handler(route("/key" + template, handlers::publicKey));
        }
        router.get("/encrypt/status").handler(route("/encrypt/status", handlers::status));
    }

    private void encrypt(RoutingContext ctx) {
        String contentType = requireContentType(ctx);
        answer(ctx, () -> ciphers.encrypt(ctx.body().asString("UTF-8"), contentType));
    }

    private void decrypt(RoutingContext ctx) {
        String contentType = requireContentType(ctx);
        answer(ctx, () -> ciphers.decrypt(ctx.body().asString("UTF-8"), contentType));
    }

    private void publicKey(RoutingContext ctx) {
        answer(ctx, ciphers::publicKey);
    }

    private void status(RoutingContext ctx) {
        try {
            ciphers.requireKey();
            ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", "OK").toBuffer());
        } catch (EncryptionException e) {
            refuse(ctx, e);
        }
    }

    private static String requireContentType(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null) {
            throw HttpError.badRequest("Required request header 'Content-Type' is not present");
        }
        return contentType;
    }

    private static void answer(RoutingContext ctx, Supplier<String> text) {
        String body;
        try {
            body = text.get();
        } catch (EncryptionException e) {
            refuse(ctx, e);
            return;
        }
        ctx.response().putHeader("Content-Type", "text/plain;charset=UTF-8").end(body);
    }

    /** Spring Cloud Config's refusal: a JSON object with {@code description} and {@code status}. */
    private static void refuse(RoutingContext ctx, EncryptionException e) {
        int status = e.reason() == EncryptionException.Reason.INVALID ? 400 : 404;
        String code = e.reason() == EncryptionException.Reason.NO_PUBLIC_KEY
                ? "NOT_FOUND"
                : e.reason().name();
        JsonObject body =
                new JsonObject().put("description", e.reason().description()).put("status", code);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
