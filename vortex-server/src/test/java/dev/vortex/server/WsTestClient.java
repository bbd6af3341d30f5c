package dev.vortex.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.patch.ConfigPatch;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real WebSocket client for tests: connects with Vert.x's client, records every message, and keeps the
 * config of each key it receives by applying snapshots and patches exactly as a client must (checking that
 * each change starts from the version it holds).
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final Map<String, JsonNode> configs = new HashMap<>();
    private final Map<String, String> versions = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private volatile Short closeStatus;

    /** Installs the handlers on {@code socket} before it connects. */
    private WsTestClient(ClientWebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> {
            try {
                inbox.add(JSON.readTree(text));
            } catch (IOException e) {
                violations.add("not JSON: " + text);
            }
        });
        socket.closeHandler(ignored -> closeStatus = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
    }

    /** Connects to {@code path} (e.g. {@code /ws/orders/prod?shape=flat}) on a local server. */
    public static WsTestClient connect(Vertx vertx, int port, String path) {
        return connect(vertx, port, path, options -> options);
    }

    /** Connects to {@code path} with client options changed by {@code options} (buffer sizes, limits). */
    public static WsTestClient connect(
            Vertx vertx, int port, String path, UnaryOperator<WebSocketClientOptions> options) {
        return connect(vertx, port, path, options, new String[0]);
    }

    /**
     * Connects to {@code path} with client options changed by {@code options}, the upgrade request carrying extra
     * {@code headers} given as name, value pairs ({@code X-Forwarded-For} as a proxy would add it, say).
     */
    public static WsTestClient connect(
            Vertx vertx, int port, String path, UnaryOperator<WebSocketClientOptions> options, String... headers) {
        WebSocketClient client =
                vertx.createWebSocketClient(options.apply(new WebSocketClientOptions().setMaxFrameSize(1 << 20)));
        // Handlers go on before the connection exists: Vert.x then installs them before it reads any frame.
        // Installing them when connect()'s future completes loses the first message when that future has
        // already completed by the time the listener is added (the test thread was descheduled meanwhile): the
        // listener then runs in a later event-loop task than the one that delivers the frames that came with the
        // 101 (seen in CI as a snapshot that never came, on a busy machine).
        ClientWebSocket socket = client.webSocket();
        WsTestClient testClient = new WsTestClient(socket);
        WebSocketConnectOptions connectOptions = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .addSubProtocol("vortex.v1");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            connectOptions.addHeader(headers[i], headers[i + 1]);
        }
        try {
            return socket.connect(connectOptions)
                    .map(connected -> testClient)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + path + ": " + e, e);
        }
    }

    public WebSocket socket() {
        return socket;
    }

    /** Sends a JSON text message. */
    public void send(String json) {
        socket.writeTextMessage(json);
    }

    /**
     * Sends a WebSocket ping frame and waits for the server's pong frame, which its socket answers itself: by
     * then the server has read every message sent before, and whatever it answered to them at once has arrived
     * ({@link #drain} with no wait shows it).
     */
    public void pingFrame() {
        java.util.concurrent.CountDownLatch ponged = new java.util.concurrent.CountDownLatch(1);
        socket.pongHandler(payload -> ponged.countDown());
        socket.writePing(io.vertx.core.buffer.Buffer.buffer("sync"));
        try {
            if (!ponged.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no pong frame within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a binary message, which the protocol does not use. */
    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    /**
     * Makes this client hold {@code config} at {@code version} for the key, as a client that resumes with
     * {@code last_version} holds what an earlier connection received.
     */
    public void hold(String app, String profile, String label, JsonNode config, String version) {
        configs.put(app + ":" + profile + ":" + label, config);
        versions.put(app + ":" + profile + ":" + label, version);
    }

    /** The next message, whatever its type; fails after the timeout. */
    public JsonNode next() {
        try {
            JsonNode message = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                // Whether the server closed the connection tells a lost message from a slow one.
                throw new AssertionError("no message within " + TIMEOUT + "; received so far: " + received
                        + (closeStatus == null ? "; still open" : "; closed with " + closeStatus));
            }
            received.add(message);
            apply(message);
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads messages until one of {@code type} arrives, applying configs on the way. */
    public JsonNode next(String type) {
        while (true) {
            JsonNode message = next();
            if (message.get("type").asText().equals(type)) {
                return message;
            }
        }
    }

    /** Reads whatever is already queued or arrives within {@code wait}; returns those messages. */
    public List<JsonNode> drain(Duration wait) {
        List<JsonNode> drained = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode message = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (message == null) {
                    return drained;
                }
                received.add(message);
                apply(message);
                drained.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return drained;
        }
    }

    private void apply(JsonNode message) {
        String type = message.get("type").asText();
        String key = message.path("app").asText() + ":"
                + message.path("profile").asText() + ":" + message.path("label").asText(null);
        switch (type) {
            case "config_snapshot" -> {
                configs.put(key, message.get("config"));
                versions.put(key, message.get("version").asText());
            }
            case "config_change" -> {
                String held = versions.get(key);
                if (held == null) {
                    violations.add("change before snapshot for " + key + ": " + message);
                    return;
                }
                if (!held.equals(message.get("old_version").asText())) {
                    violations.add("change from " + message.get("old_version") + " but client holds " + held);
                    return;
                }
                if (message.get("diff").isEmpty()) {
                    violations.add("empty diff: " + message);
                }
                configs.put(key, ConfigPatch.apply(message.get("diff"), configs.get(key)));
                versions.put(key, message.get("new_version").asText());
            }
            case "in_sync" -> versions.put(key, message.get("version").asText());
            default -> {}
        }
    }

    /** The config this client holds for {@code app:profile:label} (label may be {@code null}). */
    public JsonNode config(String app, String profile, String label) {
        return configs.get(app + ":" + profile + ":" + label);
    }

    /** The version this client holds for the key. */
    public String version(String app, String profile, String label) {
        return versions.get(app + ":" + profile + ":" + label);
    }

    /** Protocol guarantees this client saw broken (a change without its base, a wrong old_version, ...). */
    public List<String> violations() {
        return violations;
    }

    /** Every message read so far. */
    public List<JsonNode> received() {
        return received;
    }

    /** The close status, once the server closed the connection; {@code null} while open. */
    public Short closeStatus() {
        return closeStatus;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
