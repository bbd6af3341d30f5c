package dev.vortex.server.interop;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;

/** Vert.x's WebSocket client, with the options a test gives it (compression on or off). */
final class VertxWebSocketClient extends InteropClient {
    private final WebSocket socket;

    private VertxWebSocketClient(String name, WebSocket socket) {
        super(name);
        this.socket = socket;
    }

    /**
     * Connects to {@code path}, its handlers installed before any frame is read.
     *
     * @throws java.util.concurrent.CompletionException when the handshake fails
     */
    static VertxWebSocketClient connect(String name, Vertx vertx, WebSocketClientOptions options, int port, String path)
            throws Exception {
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .addSubProtocol("vortex.v1");
        // Handlers go on before the connection exists, so that Vert.x installs them before it reads any frame
        // (installed when connect()'s future completes, they can miss the first message: see WsTestClient).
        ClientWebSocket socket = vertx.createWebSocketClient(options).webSocket();
        VertxWebSocketClient client = new VertxWebSocketClient(name, socket);
        socket.textMessageHandler(client::received);
        socket.closeHandler(ignored -> client.closed(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
        return socket.connect(connect)
                .map(connected -> {
                    client.opened(connected.headers().get("Sec-WebSocket-Extensions"));
                    return client;
                })
                .toCompletionStage()
                .toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    void send(String json) {
        socket.writeTextMessage(json);
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
