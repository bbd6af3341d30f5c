package dev.vortex.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's event loops: a Vert.x instance with a few event loops and one context pinned to each,
 * so that connections are spread evenly over them (a connection lives on the loop of the context that opened
 * it). No thread per connection: 10,000 clients share these few threads.
 */
final class ClientLoops implements AutoCloseable {
    private final Vertx vertx;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    ClientLoops(int eventLoops) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("event loops must be at least 1, was " + eventLoops);
        }
        // Epoll where available, like the server: the load generator's reads must cost as little as possible.
        this.vertx =
                Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        // One verticle instance per event loop; each hands over its context and does nothing else.
        Future<String> deployed = vertx.deployVerticle(
                () -> new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        contexts.add(context);
                        return Future.succeededFuture();
                    }
                },
                new DeploymentOptions().setInstances(eventLoops));
        Await.result(deployed, 10);
    }

    Vertx vertx() {
        return vertx;
    }

    /** The contexts, one per event loop. */
    List<Context> contexts() {
        return contexts;
    }

    /** The ids of the event loops' threads, so that CPU meters can leave the load generator out. */
    Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (Context context : contexts) {
            ids.add(Await.result(
                    Future.<Long>future(promise -> context.runOnContext(
                            ignored -> promise.complete(Thread.currentThread().getId()))),
                    10));
        }
        return ids;
    }

    /** The next context, round robin. */
    Context next() {
        return contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing the load generator's own loops; nothing depends on it finishing.
        }
    }
}
