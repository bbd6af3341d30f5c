package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.MutableClock;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated authentication failures from one address, on a real server: past the threshold the answer to a
 * failed attempt is held (seen through {@code vortex_auth_failures_delayed_total} while the socket has nothing
 * to read), while a successful request from the same address and failures from another address (a socket bound
 * to 127.0.0.2) are answered at once; once the test's clock has moved a window past the last failure, the
 * address is forgotten. No assertion depends on how long anything took.
 */
class FailureDelayHttpTest {
    private static final String KEY = "reader-key-0123456789abcdef";
    private static final String WRONG = "wrong-key-0123456789abcdef";
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path repo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void pastTheThreshold_failuresAreHeld_successesAndOtherAddressesAreNot_andTheWindowForgets() throws IOException {
        // A hold far longer than the test: an answer that comes at all was not held.
        try (VortexServer server = start(new FailureDelaySettings(
                true, 2, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100))) {
            assertThat(status(server, "127.0.0.1", WRONG)).isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG)).isEqualTo(401);

            try (Socket held = open(server, "127.0.0.1", WRONG)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> delayed(server) == 1);
                assertThat(held.getInputStream().available()).isZero();

                assertThat(status(server, "127.0.0.1", KEY)).isEqualTo(200);
                assertThat(status(server, "127.0.0.2", WRONG)).isEqualTo(401);
                assertThat(status(server, "127.0.0.2", WRONG)).isEqualTo(401);
                assertThat(held.getInputStream().available()).isZero();
            }

            clock.advance(Duration.ofSeconds(61));

            assertThat(status(server, "127.0.0.1", WRONG)).isEqualTo(401);
            assertThat(delayed(server)).isEqualTo(1);
        }
    }

    @Test
    void aHeldAnswer_comesAfterItsDelay_asThe401ItWas() throws IOException {
        try (VortexServer server = start(new FailureDelaySettings(
                true, 0, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(100), 100))) {
            String answer = answer(open(server, "127.0.0.1", WRONG));

            assertThat(TestClient.status(answer)).isEqualTo(401);
            assertThat(answer).contains("\"message\":\"unknown API key\"").contains("WWW-Authenticate: ApiKey");
            assertThat(delayed(server)).isEqualTo(1);
            assertThat(status(server, "127.0.0.1", KEY)).isEqualTo(200);
            assertThat(delayed(server)).isEqualTo(1);
        }
    }

    private VortexServer start(FailureDelaySettings delay) throws IOException {
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        SecuritySettings security = TestServers.apiKeysOnly(
                delay, new SecuritySettings.ApiKey("reader", KEY, Grants.parse(List.of("*:*:*"), List.of("metrics"))));
        return VortexServer.start(
                TestServers.nativeSettings(repo).security(security).build(), clock);
    }

    /** The status of {@code GET /orders/default} with {@code key}, sent from {@code localAddress}. */
    private static int status(VortexServer server, String localAddress, String key) throws IOException {
        return TestClient.status(answer(open(server, localAddress, key)));
    }

    /** A socket from {@code localAddress} that has sent {@code GET /orders/default} with {@code key}. */
    private static Socket open(VortexServer server, String localAddress, String key) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), SOCKET_TIMEOUT_MILLIS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        socket.getOutputStream()
                .write(("GET /orders/default HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    /** Everything the server answers on {@code socket} until it closes it. */
    private static String answer(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double delayed(VortexServer server) {
        return new TestClient(server.port()).metric("vortex_auth_failures_delayed_total", "X-API-Key", KEY);
    }
}
