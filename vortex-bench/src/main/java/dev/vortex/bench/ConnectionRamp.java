package dev.vortex.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Opens WebSocket connections at a steady rate from one driver thread: each connect is started on the next
 * of the {@link ClientLoops}' contexts, so the connections spread over the event loops, and at most
 * {@link #MAX_IN_FLIGHT} handshakes are under way at once so that a slow server sees a queue, not a flood.
 */
final class ConnectionRamp {
    static final int MAX_IN_FLIGHT = 256;

    /** Called on the connection's event loop as soon as the handshake completes, before any frame is read. */
    @FunctionalInterface
    interface OnOpen {
        void opened(int index, WebSocket socket, long connectStartNanos);
    }

    private final ClientLoops loops;
    private final WebSocketClient client;
    private final String host;
    private final String subProtocol;
    /** Connection {@code i} goes to {@code ports[i % ports.length]}: clients spread over several instances. */
    private int[] ports;

    private Map<String, String> headers = Map.of();
    private final Histogram connectMicros = new ConcurrentHistogram(3);
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger compressed = new AtomicInteger();
    private final List<String> errors = new ArrayList<>();
    private long startNanos;
    private volatile long lastOpenedNanos;

    /** @param compression whether the clients offer {@code permessage-deflate} */
    ConnectionRamp(ClientLoops loops, String host, int port, int maxConnections, boolean compression) {
        this(loops, host, port, maxConnections, compression, "vortex.v1");
    }

    /**
     * @param compression whether the clients offer {@code permessage-deflate}
     * @param subProtocol the subprotocol the clients ask for, {@code null} for none (a peer broadcaster)
     */
    ConnectionRamp(
            ClientLoops loops, String host, int port, int maxConnections, boolean compression, String subProtocol) {
        this.loops = loops;
        this.host = host;
        this.ports = new int[] {port};
        this.subProtocol = subProtocol;
        this.client = loops.vertx()
                .createWebSocketClient(new WebSocketClientOptions()
                        .setMaxConnections(maxConnections + MAX_IN_FLIGHT)
                        .setConnectTimeout(30_000)
                        .setMaxFrameSize(1 << 20)
                        .setMaxMessageSize(4 << 20)
                        .setTryUsePerMessageCompression(compression)
                        // The server always asks for it (each client message compressed on its own); Netty's
                        // client refuses the handshake otherwise.
                        .setCompressionAllowClientNoContext(compression));
    }

    /** Spreads the connections over {@code instancePorts} in turn (connection {@code i} to port {@code i mod n}). */
    ConnectionRamp spreadOver(int[] instancePorts) {
        this.ports = instancePorts.clone();
        return this;
    }

    /** Sends {@code extra} with every handshake (credentials); set before {@link #open}. */
    ConnectionRamp headers(Map<String, String> extra) {
        this.headers = extra;
        return this;
    }

    WebSocketClient client() {
        return client;
    }

    /**
     * Opens {@code count} connections, {@code rate} per second (0: as fast as the in-flight limit allows),
     * and waits until every handshake has succeeded or failed.
     *
     * @param path the request path of connection {@code i}
     * @return whether every attempt finished within {@code timeoutSeconds}
     */
    boolean open(int count, double rate, IntFunction<String> path, OnOpen onOpen, long timeoutSeconds) {
        startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = startNanos + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                }
            }
            while (inFlight.get() >= MAX_IN_FLIGHT) {
                LockSupport.parkNanos(100_000);
            }
            inFlight.incrementAndGet();
            int index = i;
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost(host)
                    .setPort(ports[i % ports.length])
                    .setURI(path.apply(i));
            if (subProtocol != null) {
                options.addSubProtocol(subProtocol);
            }
            headers.forEach(options::addHeader);
            loops.next().runOnContext(ignored -> {
                long connectStart = System.nanoTime();
                client.connect(options).onComplete(result -> {
                    long now = System.nanoTime();
                    inFlight.decrementAndGet();
                    if (result.succeeded()) {
                        connectMicros.recordValue(Math.max(0, (now - connectStart) / 1000));
                        if (result.result().headers().contains("Sec-WebSocket-Extensions")) {
                            compressed.incrementAndGet();
                        }
                        // Handlers first, on this event loop, so that the first frame is not missed.
                        onOpen.opened(index, result.result(), connectStart);
                        succeeded.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        synchronized (errors) {
                            if (errors.size() < 5) {
                                errors.add(result.cause().toString());
                            }
                        }
                    }
                    lastOpenedNanos = now;
                });
            });
        }
        boolean done =
                Await.until(() -> succeeded.get() + failed.get() >= count, TimeUnit.SECONDS.toNanos(timeoutSeconds));
        return done;
    }

    /**
     * Opens and closes {@code count} connections to {@code path} (waiting for their first frame), so that the
     * measured run does not time class loading and the JIT of either side.
     */
    static void warmUp(ClientLoops loops, BenchTarget target, String path, int count, boolean compression) {
        ConnectionRamp warmUp =
                new ConnectionRamp(loops, target.host(), target.port(), count, compression).headers(target.headers());
        WebSocket[] sockets = new WebSocket[count];
        AtomicInteger frames = new AtomicInteger();
        warmUp.open(
                count,
                0,
                i -> path,
                (index, socket, started) -> {
                    sockets[index] = socket;
                    socket.textMessageHandler(frame -> frames.incrementAndGet());
                },
                60);
        Await.until(() -> frames.get() >= warmUp.succeeded(), TimeUnit.SECONDS.toNanos(10));
        for (WebSocket socket : sockets) {
            if (socket != null) {
                socket.close();
            }
        }
        warmUp.client().close();
        Await.sleepMillis(300);
    }

    int succeeded() {
        return succeeded.get();
    }

    int failed() {
        return failed.get();
    }

    /** Connections whose handshake negotiated an extension ({@code permessage-deflate}). */
    int compressed() {
        return compressed.get();
    }

    /** Adds the connections that negotiated compression to {@code report}, and checks it when it was asked for. */
    void reportCompression(Report report, boolean asked) {
        report.add("compressed_connections", "connections with permessage-deflate", compressed());
        if (asked) {
            report.check(
                    "all_compressed",
                    "every connection negotiated permessage-deflate",
                    compressed() == succeeded(),
                    compressed() + "/" + succeeded());
        }
    }

    /** The first few failure reasons. */
    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Handshake times (TCP connect + HTTP upgrade), in microseconds. */
    Histogram connectMicros() {
        return connectMicros;
    }

    /** Seconds from the first connect to the last completed handshake. */
    double rampSeconds() {
        return Math.max(0, lastOpenedNanos - startNanos) / 1e9;
    }
}
