package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.MutableClock;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.IpRange;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TrustedProxies;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated authentication failures from one address, on a real server: past the threshold the answer to a
 * failed attempt is held (seen through {@code vortex_auth_failures_delayed_total} while the socket has nothing
 * to read), while a successful request from the same address and failures from another address (a socket bound
 * to 127.0.0.2) are answered at once; once the test's clock has moved a window past the last failure, the
 * address is forgotten. Behind a trusted proxy ({@code --trusted-proxies}), failures count for the client its
 * {@code X-Forwarded-For} names; from any other peer the header changes nothing. No assertion depends on how long
 * anything took.
 */
class FailureDelayHttpTest {
    private static final String KEY = "reader-key-0123456789abcdef";
    private static final String WRONG = "wrong-key-0123456789abcdef";
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    /** Two failures answered at once, then held far longer than the test: an answer that comes was not held. */
    private static final FailureDelaySettings HOLD_AFTER_TWO =
            new FailureDelaySettings(true, 2, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 100);

    @TempDir
    Path repo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void pastTheThreshold_failuresAreHeld_successesAndOtherAddressesAreNot_andTheWindowForgets() throws IOException {
        try (VortexServer server = start(HOLD_AFTER_TWO)) {
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

    @Test
    void behindATrustedProxy_failuresCountForTheClientItNames_notForTheProxyOrItsOtherClients() throws IOException {
        try (VortexServer server = start(HOLD_AFTER_TWO, proxies("127.0.0.1"))) {
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.7"))
                    .isEqualTo(401);
            // A client that writes an address of its own: the proxy appends the one it saw, which is what counts.
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 1.2.3.4, 203.0.113.7"))
                    .isEqualTo(401);

            // The proxy's other clients, and the proxy itself, are answered at once.
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.8"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.8"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG)).isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 1.2.3.4, 203.0.113.9"))
                    .isEqualTo(401);
            assertThat(delayed(server)).isZero();

            assertHeld(server, "127.0.0.1", "X-Forwarded-For: 203.0.113.7", 1);
        }
    }

    @Test
    void fromAPeerThatIsNoTrustedProxy_theHeaderChangesNothing() throws IOException {
        try (VortexServer server = start(HOLD_AFTER_TWO, TrustedProxies.NONE)) {
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.7"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.8"))
                    .isEqualTo(401);

            assertHeld(server, "127.0.0.1", "X-Forwarded-For: 203.0.113.9", 1);
        }
        // Trusted proxies elsewhere: a client connecting directly cannot speak for another either.
        try (VortexServer server = start(HOLD_AFTER_TWO, proxies("127.0.0.1"))) {
            assertThat(status(server, "127.0.0.2", WRONG, "X-Forwarded-For: 203.0.113.7"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.2", WRONG, "X-Forwarded-For: 203.0.113.8"))
                    .isEqualTo(401);

            assertHeld(server, "127.0.0.2", "X-Forwarded-For: 203.0.113.9", 1);
        }
    }

    @Test
    void fromATrustedProxy_aMalformedHeader_countsForTheProxy() throws IOException {
        try (VortexServer server = start(HOLD_AFTER_TWO, proxies("127.0.0.0/8", "::1"))) {
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: not-an-address"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.7, 203.0.113.256"))
                    .isEqualTo(401);

            assertHeld(server, "127.0.0.1", "X-Forwarded-For: unknown", 1);
        }
    }

    @Test
    void withForwardedNamed_theClientIsItsForParameter_andXForwardedForChangesNothing() throws IOException {
        try (VortexServer server =
                start(HOLD_AFTER_TWO, TrustedProxies.of(List.of(IpRange.parse("127.0.0.1")), "Forwarded"))) {
            assertThat(status(server, "127.0.0.1", WRONG, "Forwarded: for=203.0.113.7"))
                    .isEqualTo(401);
            // The header the proxy does not write is the client's, and is not read.
            assertThat(status(server, "127.0.0.1", WRONG, "X-Forwarded-For: 203.0.113.7"))
                    .isEqualTo(401);
            assertThat(status(
                            server,
                            "127.0.0.1",
                            WRONG,
                            "X-Forwarded-For: 203.0.113.7",
                            "Forwarded: for=\"[2001:db8::7]:4711\";proto=http"))
                    .isEqualTo(401);
            assertThat(status(server, "127.0.0.1", WRONG, "Forwarded: for=1.2.3.4, for=203.0.113.7;proto=http"))
                    .isEqualTo(401);
            assertThat(delayed(server)).isZero();

            assertHeld(server, "127.0.0.1", "Forwarded: for=203.0.113.7", 1);
        }
    }

    /**
     * Sends a failed request from {@code localAddress} with {@code headerLines} and checks that its answer is held:
     * the count of held answers reaches {@code heldSoFar} while the socket has nothing to read.
     */
    private void assertHeld(VortexServer server, String localAddress, String headerLines, int heldSoFar)
            throws IOException {
        try (Socket held = open(server, localAddress, WRONG, headerLines)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> delayed(server) == heldSoFar);
            assertThat(held.getInputStream().available()).isZero();
        }
    }

    private VortexServer start(FailureDelaySettings delay) throws IOException {
        return start(delay, TrustedProxies.NONE);
    }

    private VortexServer start(FailureDelaySettings delay, TrustedProxies proxies) throws IOException {
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        SecuritySettings security = TestServers.apiKeysOnly(
                delay, new SecuritySettings.ApiKey("reader", KEY, Grants.parse(List.of("*:*:*"), List.of("metrics"))));
        return VortexServer.start(
                TestServers.nativeSettings(repo)
                        .security(security)
                        .trustedProxies(proxies)
                        .build(),
                clock);
    }

    private static TrustedProxies proxies(String... ranges) {
        return TrustedProxies.of(Arrays.stream(ranges).map(IpRange::parse).toList());
    }

    /**
     * The status of {@code GET /orders/default} with {@code key} and {@code headerLines} ({@code Name: value}),
     * sent from {@code localAddress}.
     */
    private static int status(VortexServer server, String localAddress, String key, String... headerLines)
            throws IOException {
        return TestClient.status(answer(open(server, localAddress, key, headerLines)));
    }

    /**
     * A socket from {@code localAddress} that has sent {@code GET /orders/default} with {@code key} and {@code
     * headerLines}.
     */
    private static Socket open(VortexServer server, String localAddress, String key, String... headerLines)
            throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), SOCKET_TIMEOUT_MILLIS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        StringBuilder request = new StringBuilder("GET /orders/default HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ")
                .append(key)
                .append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        socket.getOutputStream()
                .write(request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
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
