package dev.vortex.server.http;

import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Continues a request on its own event loop once a future from a resolver thread completes.
 *
 * <p>A future that is already complete (a cache hit) continues at once, without a hop through the event
 * loop's task queue: that is what keeps a warm {@code GET} in the microseconds.
 */
final class OnContext {
    private OnContext() {}

    static <T> void whenDone(RoutingContext ctx, CompletableFuture<T> future, Consumer<T> onSuccess) {
        if (future.isDone()) {
            complete(ctx, future, onSuccess);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        future.whenComplete((value, failure) -> context.runOnContext(ignored -> complete(ctx, future, onSuccess)));
    }

    private static <T> void complete(RoutingContext ctx, CompletableFuture<T> future, Consumer<T> onSuccess) {
        T value;
        try {
            value = future.join();
        } catch (RuntimeException failure) {
            ctx.fail(failure);
            return;
        }
        try {
            onSuccess.accept(value);
        } catch (RuntimeException failure) {
            ctx.fail(failure);
        }
    }
}
