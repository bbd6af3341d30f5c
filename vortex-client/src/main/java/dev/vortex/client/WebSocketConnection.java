package dev.vortex.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a {@link ClientEngine}: reassembles text messages, notes when the last frame of any
 * kind arrived (for the heartbeat watchdog), and reports the end of the socket once.
 *
 * <p>Threading: the JDK calls the listener methods one at a time, and requests one message at a time here,
 * so messages are handled in order. Sends are serialised through a chain of futures, since the JDK allows
 * one outstanding send at a time.
 */
final class WebSocketConnection implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final ClientEngine engine;
    private final Clock clock;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile long lastFrameMillis;
    private CompletionStage<?> sends;
    // Guarded by the engine's lock.
    private boolean ownKeySeen;
    private boolean inSync;
    private String lastErrorCode;
    private String lastError;

    WebSocketConnection(ClientEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        this.lastFrameMillis = clock.millis();
    }

    long lastFrameMillis() {
        return lastFrameMillis;
    }

    boolean isOpen() {
        WebSocket current = socket;
        return current != null && !current.isOutputClosed();
    }

    boolean ownKeySeen() {
        return ownKeySeen;
    }

    void markOwnKeySeen() {
        ownKeySeen = true;
    }

    /** The code of the last {@code error} the server sent on this connection, or null. */
    String lastErrorCode() {
        return lastErrorCode;
    }

    /** The last {@code error} the server sent on this connection ({@code CODE 'message'}), or null. */
    String lastError() {
        return lastError;
    }

    /** Notes an {@code error} of the server: the close that may follow is explained by it. */
    void errorReceived(String code, String message) {
        lastErrorCode = code;
        lastError = code + " '" + message + "'";
    }

    /** Marks the own key in sync on this connection; true the first time. */
    boolean markInSync() {
        if (inSync) {
            return false;
        }
        inSync = true;
        return true;
    }

    /** Sends a text message after the ones before it; failures end the connection. */
    synchronized void send(String text) {
        WebSocket current = socket;
        if (current == null) {
            return;
        }
        CompletionStage<?> previous = sends;
        CompletionStage<?> next = previous == null
                ? current.sendText(text, true)
                : previous.handle((result, failure) -> null).thenCompose(ignored -> current.sendText(text, true));
        sends = next.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.debug("send failed", failure);
                abort();
                engine.lost(this, "send failed: " + failure);
            }
        });
    }

    /** Sends a close frame (1000), then drops the socket. */
    void close() {
        WebSocket current = socket;
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                    .whenComplete((result, failure) -> current.abort());
        }
    }

    /** Drops the socket at once. */
    void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        lastFrameMillis = clock.millis();
        engine.opened(this);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastFrameMillis = clock.millis();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            engine.onMessage(this, text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastFrameMillis = clock.millis();
        if (last) {
            engine.onBinary();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers the ping frame with a pong by itself.
        lastFrameMillis = clock.millis();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastFrameMillis = clock.millis();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        engine.closedByServer(this, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        engine.lost(this, String.valueOf(error));
    }
}
