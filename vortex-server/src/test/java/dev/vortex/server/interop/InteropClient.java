package dev.vortex.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client library (or browser) under test, seen the same way whatever it is: messages it
 * received, text it sends, the extensions its handshake negotiated, and how its connection closed.
 * Subclasses feed {@link #opened}, {@link #received} and {@link #closed} from the client's own callbacks.
 */
abstract class InteropClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private volatile String extensions;
    private volatile Integer closeCode;

    InteropClient(String name) {
        this.name = name;
    }

    /** Sends {@code json} as one text message. */
    abstract void send(String json);

    void opened(String negotiatedExtensions) {
        this.extensions = negotiatedExtensions == null ? "" : negotiatedExtensions;
    }

    void received(String text) {
        inbox.add(text);
    }

    void closed(int code) {
        this.closeCode = code;
    }

    /** The {@code Sec-WebSocket-Extensions} the handshake settled on ({@code ""} for none), once open. */
    String extensions() {
        return extensions;
    }

    /** The close code, once the connection closed; {@code null} while open. */
    Integer closeCode() {
        return closeCode;
    }

    /** The next message; fails after {@link #TIMEOUT}, naming the client and how its connection ended. */
    JsonNode next() {
        try {
            String text = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError(name + ": no message within " + TIMEOUT + " (close code " + closeCode + ")");
            }
            return TestClient.json(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ends the client (its connection, process or poller). */
    @Override
    public abstract void close();

    @Override
    public String toString() {
        return name;
    }
}
