package dev.vortex.bench.spring;

import dev.vortex.spring.boot.VortexConfigChangedEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;

/**
 * Notes the moment the expected value is inside both beans. The starter publishes {@link VortexConfigChangedEvent}
 * after rebinding and refreshing, so this is the moment application code sees the new value (the refresh-scoped
 * bean is built here, on its first use after the refresh, as it would be by the application).
 */
public class ArrivalClock {
    private final BenchProperties properties;
    private final RefreshedValue refreshed;
    private volatile long expected = Long.MIN_VALUE;
    private volatile long arrivalNanos;
    private volatile CountDownLatch arrived = new CountDownLatch(1);
    private volatile long clientReceivedNanos;

    public ArrivalClock(BenchProperties properties, RefreshedValue refreshed) {
        this.properties = properties;
        this.refreshed = refreshed;
    }

    /** Arms the clock for the next value; call before making the change. */
    void expect(long value) {
        arrived = new CountDownLatch(1);
        clientReceivedNanos = 0;
        expected = value;
    }

    /** A bare client (outside Spring) received {@code value}. */
    void clientReceived(long value) {
        if (value == expected) {
            clientReceivedNanos = System.nanoTime();
        }
    }

    /** When the bare client received the expected value; 0 when it has not (yet). */
    long clientReceivedNanos() {
        return clientReceivedNanos;
    }

    /** The {@link System#nanoTime()} of the arrival, or -1 after {@code timeoutMillis}. */
    long await(long timeoutMillis) throws InterruptedException {
        return arrived.await(timeoutMillis, TimeUnit.MILLISECONDS) ? arrivalNanos : -1;
    }

    @EventListener
    public void onChange(VortexConfigChangedEvent event) {
        long value = expected;
        if (properties.getValue() == value && refreshed.value() == value) {
            arrivalNanos = System.nanoTime();
            arrived.countDown();
        }
    }
}
