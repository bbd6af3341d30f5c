package dev.vortex.server.http;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.server.config.ResolverBusyException;
import dev.vortex.sources.ConfigSourceException;
import dev.vortex.sources.NoSuchLabelException;
import dev.vortex.sources.NoSuchRepositoryException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
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
        if (status >= 500) {
            LOG.warn(
                    "{} {} failed with {}: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    status,
                    message);
        }
        JsonObject body = new JsonObject()
                .put("timestamp", clock.instant().toString())
                .put("status", status)
                .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("message", message)
                .put("path", ctx.request().path());
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static int statusOf(Throwable failure, int contextStatus) {
        if (failure instanceof HttpError error) {
            return error.status();
        }
        if (failure instanceof NoSuchLabelException || failure instanceof NoSuchRepositoryException) {
            return 404;
        }
        if (failure instanceof ResolverBusyException) {
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
