package dev.vortex.server.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code java.net.http.WebSocket} (which offers no extension). */
final class JdkWebSocketClient extends InteropClient {
    private final WebSocket socket;

    JdkWebSocketClient(String url) {
        super("java.net.http.WebSocket");
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("vortex.v1")
                .buildAsync(URI.create(url), new Listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        opened("");
    }

    @Override
    void send(String json) {
        // One send at a time, as the JDK's WebSocket requires: the test thread waits for each.
        socket.sendText(json, true).join();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            message.append(part);
            if (last) {
                received(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode);
            return null;
        }
    }
}
