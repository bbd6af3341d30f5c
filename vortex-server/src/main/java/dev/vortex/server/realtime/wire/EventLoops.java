package dev.vortex.server.realtime.wire;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/** The event loop a request runs on, as a context that sessions can be grouped by. */
public final class EventLoops {
    private EventLoops() {}

    /**
     * The calling thread's event loop context. A request runs on a per-request duplicate of it; sessions are
     * grouped (one heartbeat timer, one delivery task per change) by the event loop's own context, which only
     * Vert.x's internal API can give, hence its place here with the other internals.
     *
     * @throws IllegalStateException when not called on a Vert.x thread
     */
    public static Context current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException(
                    "not on a Vert.x thread: " + Thread.currentThread().getName());
        }
        return ((ContextInternal) context).unwrap();
    }
}
