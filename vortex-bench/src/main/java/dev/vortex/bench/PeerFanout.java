package dev.vortex.bench;

import io.vertx.core.http.WebSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code vortex-bench fanout --peer}: the fan-out run against a plain broadcaster, any server where "POST the body
 * to the publish URL, every WebSocket gets it as one text frame" holds (the {@link FloorBroadcaster}, a Node
 * {@code ws} one under {@code vortex-bench/tools}). Same clients, same ramp, same pacing and the same percentiles
 * as against Vortex, so that the two can be put side by side.
 *
 * <p>Change {@code c}'s body carries {@code "seq":c}; a client's delivery is timed from the moment the POST was
 * started to the moment the client read the frame, on this process's clock. Every client must read every change,
 * in order.
 */
final class PeerFanout {
    private final URI peer;
    private final URI publish;
    private final int clientCount;
    private final int warmupCount;
    private final int changeCount;
    private final int intervalMillis;
    private final int deliveryTimeoutMillis;
    private final int payloadBytes;

    private final AtomicLongArray triggerNanos;
    private final AtomicLongArray firstDeliveryNanos;
    private final AtomicLongArray lastDeliveryNanos;
    private final AtomicIntegerArray delivered;
    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** HTTP/1.1: the JDK's default h2c upgrade header on a POST makes Node's ws refuse it as a bad handshake. */
    private final HttpClient control = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * @param peer the broadcaster's WebSocket URL, {@code ws://host:port/path}
     * @param publish the URL a change is POSTed to
     * @param payloadBytes the size of each published frame's text (padded), about that of a Vortex change frame
     */
    PeerFanout(
            URI peer,
            URI publish,
            int clients,
            int warmupChanges,
            int measuredChanges,
            int intervalMillis,
            int deliveryTimeoutMillis,
            int payloadBytes) {
        if (peer.getHost() == null || peer.getPort() < 0) {
            throw new IllegalArgumentException("--peer must look like ws://host:port/path, was " + peer);
        }
        if (publish.getHost() == null) {
            throw new IllegalArgumentException("--publish-url must look like http://host:port/path, was " + publish);
        }
        this.peer = peer;
        this.publish = publish;
        this.clientCount = clients;
        this.warmupCount = warmupChanges;
        this.changeCount = warmupChanges + measuredChanges;
        this.intervalMillis = intervalMillis;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
        this.payloadBytes = payloadBytes;
        this.triggerNanos = new AtomicLongArray(changeCount + 1);
        this.firstDeliveryNanos = new AtomicLongArray(changeCount + 1);
        this.lastDeliveryNanos = new AtomicLongArray(changeCount + 1);
        this.delivered = new AtomicIntegerArray(changeCount + 1);
        for (int c = 0; c <= changeCount; c++) {
            firstDeliveryNanos.set(c, Long.MAX_VALUE);
        }
    }

    void execute(ClientLoops loops, double rate, Long serverPid, Report report) {
        report.add("server", "server", "peer broadcaster " + peer + ", changes POSTed to " + publish);
        report.add("variant", "variant", "peer: one frame of " + payloadBytes + " bytes per change to every socket");
        String path = peer.getRawPath() == null || peer.getRawPath().isEmpty() ? "/" : peer.getRawPath();
        int[] lastSeen = new int[clientCount];
        ConnectionRamp ramp = new ConnectionRamp(loops, peer.getHost(), peer.getPort(), clientCount, false, null);
        boolean allAttempted = ramp.open(
                clientCount,
                rate,
                i -> path,
                (index, socket, started) -> follow(index, socket, lastSeen),
                clientCount / 50 + 60);
        int connected = ramp.succeeded();
        report.add("clients", "clients connected", connected);
        report.addLatencies("connect_ms", "connect time (handshake)", ramp.connectMicros());

        Histogram spanMicros = new Histogram(3);
        int incomplete = 0;
        long broadcastNanosTotal = 0;
        long start = System.nanoTime();
        CpuMeter cpu = null;
        for (int c = 1; c <= changeCount; c++) {
            if (c == warmupCount + 1) {
                cpu = new CpuMeter(serverPid);
            }
            triggerNanos.set(c, System.nanoTime());
            int status = post(c);
            if (status / 100 != 2) {
                throw new IllegalStateException("POST " + publish + " answered " + status);
            }
            int change = c;
            if (!Await.until(
                    () -> delivered.get(change) >= connected, TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis))) {
                incomplete++;
            }
            if (c > warmupCount && delivered.get(c) > 0) {
                spanMicros.recordValue(Math.max(0, (lastDeliveryNanos.get(c) - triggerNanos.get(c)) / 1000));
                broadcastNanosTotal += lastDeliveryNanos.get(c) - firstDeliveryNanos.get(c);
            }
            if (c < changeCount) {
                Await.sleepMillis(intervalMillis);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long measured = 0;
        long all = 0;
        for (int c = 1; c <= changeCount; c++) {
            all += delivered.get(c);
            measured += c > warmupCount ? delivered.get(c) : 0;
        }
        if (cpu != null) {
            cpu.report(report, false);
            cpu.reportPerEvent(report, changeCount - warmupCount, "change");
            cpu.reportPerDelivery(report, measured);
        }
        report.add("changes", "changes measured (after " + warmupCount + " warm-up)", changeCount - warmupCount);
        report.add("deliveries", "deliveries measured", measured);
        report.addLatencies("latency_ms", "delivery latency (trigger -> client read)", latencyMicros);
        report.addLatencies("fanout_span_ms", "change fan-out span (trigger -> last client)", spanMicros);
        report.add(
                "deliveries_per_s",
                "deliveries/s during fan-out (first -> last)",
                broadcastNanosTotal > 0 ? measured / (broadcastNanosTotal / 1e9) : 0,
                0,
                "");
        report.add("run_seconds", "changes phase, incl. pauses", elapsed, 2, "s");
        long expectedAll = (long) connected * changeCount;
        report.check(
                "all_connected",
                "every client connected",
                allAttempted && ramp.failed() == 0 && connected == clientCount,
                connected + "/" + clientCount + (ramp.errors().isEmpty() ? "" : "; first errors: " + ramp.errors()));
        report.check(
                "all_delivered",
                "every change reached every client",
                connected > 0 && incomplete == 0 && all == expectedAll,
                all + "/" + expectedAll + " deliveries (warm-up included), " + incomplete + " change(s) incomplete"
                        + " within " + deliveryTimeoutMillis + " ms");
        report.check(
                "in_order",
                "every client read every change once, in order; no other frames, no drops",
                outOfOrder.get() == 0 && unexpected.get() == 0 && dropped.get() == 0,
                outOfOrder.get() + " out of order, " + unexpected.get() + " unexpected, " + dropped.get() + " dropped");
        closing.set(true);
    }

    /** Called on the client's event loop once its handshake completed. */
    private void follow(int index, WebSocket socket, int[] lastSeen) {
        socket.textMessageHandler(frame -> {
            long now = System.nanoTime();
            int change = sequence(frame);
            if (change < 1 || change > changeCount) {
                unexpected.incrementAndGet();
                return;
            }
            if (change != lastSeen[index] + 1) {
                outOfOrder.incrementAndGet();
            }
            lastSeen[index] = change;
            if (change > warmupCount) {
                latencyMicros.recordValue(Math.max(0, (now - triggerNanos.get(change)) / 1000));
            }
            delivered.incrementAndGet(change);
            firstDeliveryNanos.accumulateAndGet(change, now, Math::min);
            lastDeliveryNanos.accumulateAndGet(change, now, Math::max);
        });
        socket.closeHandler(ignored -> {
            if (!closing.get()) {
                dropped.incrementAndGet();
            }
        });
    }

    /** The {@code "seq":N} of a published frame, -1 when absent. */
    static int sequence(String frame) {
        int at = frame.indexOf("\"seq\":");
        if (at < 0) {
            return -1;
        }
        int value = 0;
        int digits = 0;
        for (int i = at + 6; i < frame.length() && Character.isDigit(frame.charAt(i)); i++, digits++) {
            value = value * 10 + (frame.charAt(i) - '0');
        }
        return digits == 0 ? -1 : value;
    }

    /** Change {@code c}'s frame text: its sequence, padded to {@code payloadBytes}. */
    String body(int change) {
        String head = "{\"type\":\"config_change\",\"seq\":" + change + ",\"pad\":\"";
        int padding = Math.max(0, payloadBytes - head.length() - 2);
        return head + "x".repeat(padding) + "\"}";
    }

    private int post(int change) {
        HttpRequest request = HttpRequest.newBuilder(publish)
                .POST(HttpRequest.BodyPublishers.ofString(body(change), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return control.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("POST " + publish + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
