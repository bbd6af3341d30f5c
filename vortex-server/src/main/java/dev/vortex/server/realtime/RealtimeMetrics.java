package dev.vortex.server.realtime;

import dev.vortex.server.realtime.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The real-time layer's meters, created once so that recording is a counter increment. */
final class RealtimeMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final Counter totalConnections;
    private final Map<String, Counter> sentByType = new ConcurrentHashMap<>();
    private final DistributionSummary recipients;
    private final Counter lagged;
    private final Timer broadcastLatency;
    private final Timer pingRoundTrip;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter framesCompressed;
    private final Counter messagesInflated;

    RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("vortex.ws.connections.active", activeConnections);
        totalConnections = Counter.builder("vortex.ws.connections.total")
                .description("WebSocket connections accepted since start")
                .register(registry);
        recipients = DistributionSummary.builder("vortex.ws.broadcast.recipients")
                .description("Sessions that one change was delivered to")
                .register(registry);
        lagged = Counter.builder("vortex.ws.lagged")
                .description("Changes conflated for slow clients")
                .register(registry);
        broadcastLatency = Timer.builder("vortex.ws.broadcast.latency")
                .description("From change detected to the frame written for the last recipient")
                .publishPercentileHistogram()
                .register(registry);
        pingRoundTrip = Timer.builder("vortex.ws.ping.rtt")
                .description("From a server ping to the client's next frame")
                .publishPercentileHistogram()
                .register(registry);
        framesCompressed = Counter.builder("vortex.ws.frames.compressed")
                .description("Shared frames compressed for permessage-deflate clients (once per frame, not per"
                        + " recipient)")
                .register(registry);
        messagesInflated = Counter.builder("vortex.ws.messages.inflated")
                .description("Compressed (permessage-deflate) client messages read")
                .register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(
                    code,
                    Counter.builder("vortex.ws.protocol.errors")
                            .tag("code", code.name())
                            .register(registry));
        }
    }

    Counter framesCompressed() {
        return framesCompressed;
    }

    Counter messagesInflated() {
        return messagesInflated;
    }

    void opened() {
        activeConnections.incrementAndGet();
        totalConnections.increment();
    }

    void closed() {
        activeConnections.decrementAndGet();
    }

    void sent(String type) {
        sent(type, 1);
    }

    /** Counts {@code count} messages of {@code type} sent: a change's deliveries of one loop are counted at once. */
    void sent(String type, int count) {
        sentByType
                .computeIfAbsent(type, t -> Counter.builder("vortex.ws.messages.sent")
                        .tag("type", t)
                        .register(registry))
                .increment(count);
    }

    void broadcast(int recipientCount, long detectedAtNanos) {
        recipients.record(recipientCount);
        broadcastLatency.record(Duration.ofNanos(System.nanoTime() - detectedAtNanos));
    }

    void lagged() {
        lagged.increment();
    }

    void pingRoundTrip(long millis) {
        pingRoundTrip.record(Duration.ofMillis(millis));
    }

    void error(ErrorCode code) {
        errors.get(code).increment();
    }
}
