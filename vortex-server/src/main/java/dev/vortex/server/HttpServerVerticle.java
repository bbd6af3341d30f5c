package dev.vortex.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;

/**
 * One HTTP server on the event loop of its own verticle instance. Deployed once per event loop on one shared
 * port, so that Vert.x spreads connections over every core; servers created outside a verticle would all
 * run on the same event loop.
 */
final class HttpServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final Handler<HttpConnection> connectionHandler;
    private final Collection<HttpServer> started;

    /**
     * @param options the server options (every instance asks for the same port, which Vert.x then shares)
     * @param handler the request handler (the router)
     * @param connectionHandler sees every admitted connection once Vert.x has set it up (its timeouts and
     *     decoder); admission itself comes before, at the accept (the Vert.x instance's transport)
     * @param started where each instance adds its listening server, for the port and graceful shutdown
     */
    HttpServerVerticle(
            HttpServerOptions options,
            Handler<HttpServerRequest> handler,
            Handler<HttpConnection> connectionHandler,
            Collection<HttpServer> started) {
        this.options = options;
        this.handler = handler;
        this.connectionHandler = connectionHandler;
        this.started = started;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options)
                .connectionHandler(connectionHandler)
                .requestHandler(handler)
                .listen()
                .onSuccess(started::add);
    }
}
