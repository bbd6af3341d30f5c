package dev.vortex.server.http;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.server.config.ResolverBusyException;
import dev.vortex.sources.ConfigSourceException;
import dev.vortex.sources.NoSuchLabelException;
import dev.vortex.sources.NoSuchRepositoryException;
import dev.vortex.sources.SourceUnavailableException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: a JSON body shaped like Spring Boot's
 * ({@code timestamp}, {@code status}, {@code error}, {@code message}, {@code path}), so that Spring
 * clients log something useful.
 */
final class ErrorResponder implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final Clock clock;

    ErrorResponder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = unwrap(ctx.failure());
        int status = statusOf(failure, ctx.statusCode());
        String message = messageOf(failure, status);
        if (ctx.response().headWritten()) {
            // Too late for an error response (typically a client that left during a WebSocket upgrade).
            LOG.debug(
                    "{} {} failed after the response started: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    message);
            ctx.response().reset();
            return;
        }
        if (status >= 500 && isUnexpected(failure)) {
            // A bug: the stack is what finds it. Logged once, here, and nowhere else.
            LOG.error(
                    "{} {} failed with {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    status,
                    failure);
        } else if (status >= 500) {
            LOG.warn(
                    "{} {} failed with {}: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    status,
                    message);
        }
        send(ctx.request(), status, message);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Answers {@code request} with an error of {@code status} in Spring's JSON shape. */
    void send(HttpServerRequest request, int status, String message) {
        JsonObject body = new JsonObject()
                .put("timestamp", clock.instant().toString())
                .put("status", status)
                .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("message", message)
                .put("path", request.path());
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }

    /** A failure that no path of the server expects: a 500 caused by it is a bug. */
    private static boolean isUnexpected(Throwable failure) {
        return failure != null
                && !(failure instanceof ConfigFormatException)
                && !(failure instanceof ConfigSourceException)
                && !(failure instanceof HttpError)
                && !(failure instanceof ResolverBusyException);
    }

    private static int statusOf(Throwable failure, int contextStatus) {
        if (failure instanceof HttpError error) {
            return error.status();
        }
        if (FormLimits.exceeded(failure)) {
            return 413;
        }
        if (failure instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
            return 400;
        }
        if (failure instanceof NoSuchLabelException || failure instanceof NoSuchRepositoryException) {
            return 404;
        }
        if (failure instanceof ResolverBusyException || failure instanceof SourceUnavailableException) {
            return 503;
        }
        if (failure instanceof ConfigFormatException || failure instanceof ConfigSourceException) {
            return 500;
        }
        if (failure == null && contextStatus > 0) {
            return contextStatus;
        }
        return 500;
    }

    private static String messageOf(Throwable failure, int status) {
        if (FormLimits.exceeded(failure)) {
            return FormLimits.message();
        }
        if (failure instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
            return "the form could not be decoded: " + failure.getMessage();
        }
        if (failure != null && failure.getMessage() != null) {
            return failure.getMessage();
        }
        if (failure != null) {
            // An unexpected exception without a message: name its type rather than say nothing.
            return failure.getClass().getSimpleName();
        }
        return switch (status) {
            case 404 -> "No endpoint here; see the README for the API";
            case 405 -> "Method not allowed on this endpoint";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }
}
