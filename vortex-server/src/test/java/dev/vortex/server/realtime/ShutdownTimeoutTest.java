package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.WsTestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown timeout is a promise: with clients that would hold a graceful shutdown forever (slowloris
 * request heads, WebSocket clients that never read), whatever is left is closed when it expires.
 */
class ShutdownTimeoutTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** Time for the process's own teardown (thread pools, Vert.x) after the connections are gone. */
    private static final Duration TEARDOWN_ALLOWANCE = Duration.ofMillis(1500);

    @TempDir
    Path repo;

    private RealtimeFixture fixture;
    private final List<AutoCloseable> hostile = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : hostile) {
            client.close();
        }
        fixture.close();
    }

    @Test
    void slowlorisAndNonReadingWebSocketClients_doNotHoldTheShutdownPastItsTimeout() throws IOException {
        fixture = RealtimeFixture.start(repo, builder -> builder.shutdownTimeout(SHUTDOWN_TIMEOUT)
                // Longer than the test: only the shutdown may end these connections.
                .headerTimeout(Duration.ofMinutes(5))
                .idleTimeout(Duration.ofMinutes(5)));
        fixture.write("orders.yml", largeConfig(0));
        int port = fixture.server().port();
        for (int i = 0; i < 20; i++) {
            Socket slow = new Socket("127.0.0.1", port);
            OutputStream out = slow.getOutputStream();
            out.write("GET /orders/prod HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            hostile.add(slow);
        }
        for (int i = 0; i < 5; i++) {
            hostile.add(RawWebSocket.open(port, "/ws/orders/prod", WsTestClient.TIMEOUT, 4096));
        }
        // Changes the non-readers never read, until their sockets' buffers are full on both sides.
        for (int change = 1; change <= 5; change++) {
            fixture.write("orders.yml", largeConfig(change));
            fixture.refresh();
        }

        long started = System.nanoTime();
        fixture.server().close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(SHUTDOWN_TIMEOUT.plus(TEARDOWN_ALLOWANCE));
    }

    private static String largeConfig(int version) {
        StringBuilder yaml = new StringBuilder("orders:\n");
        for (int i = 0; i < 5_000; i++) {
            yaml.append("  key-")
                    .append(i)
                    .append(": value-")
                    .append(version)
                    .append('-')
                    .append(i)
                    .append('\n');
        }
        return yaml.toString();
    }
}
