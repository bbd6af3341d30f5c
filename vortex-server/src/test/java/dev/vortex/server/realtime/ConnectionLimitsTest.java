package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No connection starves the server: slow request heads and idle HTTP connections are closed by their
 * timeouts, connections beyond the cap are refused with 503, and a normal client is served throughout. A
 * WebSocket is not an idle HTTP connection: it stays open past the idle timeout.
 */
class ConnectionLimitsTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.startedByEachTest(started -> started.write("orders.yml", RealtimeProtocolTest.ORDERS));

    private final List<Socket> sockets = new ArrayList<>();

    private void start(int maxConnections) {
        fixture.startServer(builder ->
                builder.headerTimeout(HEADER_TIMEOUT).idleTimeout(IDLE_TIMEOUT).maxConnections(maxConnections));
    }

    /** Runs before the fixture closes the server. */
    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aSlowlorisClient_getsA408AndIsClosed_whileANormalClientIsServed() throws IOException {
        start(1_000);
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        out.write("GET /orders/prod HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        // A header byte now and then, more often than any idle timeout, never the end of the head.
        long until = System.nanoTime() + HEADER_TIMEOUT.multipliedBy(4).toNanos();
        boolean closed = false;
        while (!closed && System.nanoTime() < until) {
            assertThat(fixture.http().get("/orders/prod").statusCode()).isEqualTo(200);
            try {
                out.write("X".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                sleep(100);
            } catch (IOException e) {
                closed = true;
            }
        }
        String answer = readAll(slow);

        assertThat(answer).startsWith("HTTP/1.1 408");
    }

    @Test
    void anIdleHttpConnection_isClosed_butAWebSocketOutlivesTheIdleTimeout() throws IOException {
        start(1_000);
        WsTestClient webSocket = fixture.connect("/ws/orders/prod");
        webSocket.next("config_snapshot");
        Socket idle = connect();
        OutputStream out = idle.getOutputStream();
        out.write("GET /orders/prod HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        String answered = readAll(idle);

        assertThat(answered).startsWith("HTTP/1.1 200").contains("orders");
        // Idle between requests is the idle timeout's business: no unsolicited 408 after the header timeout.
        assertThat(answered).doesNotContain("HTTP/1.1 408");
        assertThat(webSocket.closeStatus()).isNull();
        fixture.write("orders.yml", RealtimeProtocolTest.ORDERS.replace("max-items: 50", "max-items: 51"));
        fixture.refresh();
        assertThat(webSocket.next("config_change").get("diff").toString()).contains("max-items");
    }

    @Test
    void aConnectionThatSendsNothing_isClosedSilentlyAfterTheHeaderTimeout() {
        start(1_000);

        String answered = readAll(connect());

        assertThat(answered).isEmpty();
    }

    @Test
    void connectionsBeyondTheCap_areRefusedWith503_andAcceptedAgainOnceOthersClose() throws IOException {
        start(3);
        assertThat(fixture.http().metricOverOwnConnection("vortex_connections_refused_total"))
                .isZero();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(connect());
        }
        await().atMost(WsTestClient.TIMEOUT).untilAsserted(() -> assertThat(TestClient.status(readAll(connect())))
                .isEqualTo(503));
        String refused = readAll(connect());
        assertThat(refused).contains("Retry-After").contains("too many connections");

        for (Socket socket : held) {
            socket.close();
        }

        await().atMost(WsTestClient.TIMEOUT)
                .untilAsserted(() -> assertThat(TestClient.status(fixture.http().rawGet("/orders/prod")))
                        .isEqualTo(200));
        // Refused connections were counted until they closed, and released once, as every other one.
        await().atMost(WsTestClient.TIMEOUT)
                .untilAsserted(() -> assertThat(fixture.http().metricOverOwnConnection("vortex_connections_open"))
                        .as("the scrape's own connection")
                        .isEqualTo(1));
        // At least the two answered 503 above; a scrape or request that came while the held ones were closing too.
        assertThat(fixture.http().metricOverOwnConnection("vortex_connections_refused_total"))
                .isGreaterThanOrEqualTo(2);
    }

    private Socket connect() {
        try {
            Socket socket = new Socket("127.0.0.1", fixture.server().port());
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            sockets.add(socket);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the server sends until it closes the connection; fails if it keeps it open. */
    private static String readAll(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the server did not close the connection", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
