package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import dev.vortex.client.Backoff;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexClientException;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.SecuritySettingsReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The Java client's credentials against the real server with security on, from a settings file's
 * {@code security} section (SecurityTest's keys and secrets): an API key, Basic and a bearer token each get the
 * snapshot and a change; bad credentials end in one clear failure
 * and one refused attempt, not a reconnection storm; a renewed short-lived JWT keeps one connection open past
 * the first token's expiry.
 */
class VortexClientSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(fromSettingsFile(), SecurityTest::writeRepository);

    /** The {@code security} section of a settings file, read by the server's own reader. */
    static UnaryOperator<ServerSettings.Builder> fromSettingsFile() {
        String file = """
                security:
                  api-keys:
                    - {name: ci, key: "%s", read: ["orders:*:*"]}
                    - {name: ops, key: "%s", read: ["*:*:*"], rights: [metrics]}
                  users:
                    - {name: alice, password-hash: "%s", read: ["*:prod:*"]}
                  jwt:
                    hs256-secret: "%s"
                    issuer: %s
                    audience: %s
                    clock-skew-seconds: 0
                """.formatted(
                        SecurityTest.CI_KEY,
                        SecurityTest.OPS_KEY,
                        BCrypt.hashpw("wonderland", BCrypt.gensalt(4)),
                        SecurityTest.SECRET,
                        SecurityTest.ISSUER,
                        SecurityTest.AUDIENCE);
        Map<String, String> properties = new LinkedHashMap<>();
        ConfigFormat.YAML
                .parse("vortex.yml", file.getBytes(StandardCharsets.UTF_8))
                .forEach(document ->
                        document.properties().forEach((key, value) -> properties.put(key, String.valueOf(value))));
        SecuritySettings security = SecuritySettingsReader.read(properties);
        return builder -> builder.security(security);
    }

    private final List<VortexClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(VortexClient::close);
    }

    private VortexClient client(UnaryOperator<VortexClient.Builder> credentials) {
        VortexClient client = credentials.apply(ordersProd(fixture)).build();
        clients.add(client);
        return client;
    }

    /** A client of {@code orders:prod} on {@code fixture}'s server, reconnecting after 50 to 200 ms. */
    static VortexClient.Builder ordersProd(RealtimeFixture fixture) {
        return VortexClient.builder()
                .url("http://127.0.0.1:" + fixture.server().port())
                .application("orders")
                .profiles("prod")
                .reconnect(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private void receivesTheSnapshotAndAChange(VortexClient client) throws Exception {
        client.start().get(20, TimeUnit.SECONDS);
        int held = client.config().getInt("orders.max-items").orElseThrow();
        assertThat(held).isGreaterThanOrEqualTo(500);
        int next = held + 1;
        fixture.write("orders-prod.yml", "orders:\n  max-items: " + next + "\n");
        fixture.refresh();
        await().atMost(WAIT)
                .until(() -> client.config().getInt("orders.max-items").orElse(0) == next);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    private double authFailures() {
        return authFailures(fixture);
    }

    /** The server's count of refused attempts, read with the ops key (which has the metrics right). */
    static double authFailures(RealtimeFixture fixture) {
        return TestClient.prometheusSum(
                        fixture.http()
                                .get("/actuator/prometheus", "X-API-Key", SecurityTest.OPS_KEY)
                                .body(),
                        line -> line.startsWith("vortex_auth_failures_total"))
                .orElse(0);
    }

    @Test
    void apiKey_basic_andBearer_eachGetTheSnapshotAndAChange() throws Exception {
        receivesTheSnapshotAndAChange(client(builder -> builder.apiKey(SecurityTest.CI_KEY)));
        receivesTheSnapshotAndAChange(client(builder -> builder.basicAuth("alice", "wonderland")));
        String token = SecurityTest.sign(
                JWSAlgorithm.HS256,
                SecurityTest.claims("svc", List.of("orders:*:*")).build());
        receivesTheSnapshotAndAChange(client(builder -> builder.bearerToken(token)));
    }

    @Test
    void badCredentials_failTheStartWithTheStatus_afterOneAttemptEach() throws Exception {
        double before = authFailures();
        VortexClient wrongKey = client(builder -> builder.apiKey("not-a-key-0123456789abcdef"));
        VortexClient wrongPassword = client(builder -> builder.basicAuth("alice", "looking-glass"));
        VortexClient forbidden =
                client(builder -> builder.apiKey(SecurityTest.CI_KEY).application("payments"));

        assertRefused(wrongKey, 401);
        assertRefused(wrongPassword, 401);
        assertRefused(forbidden, 403);

        // The backoff here is 50-200 ms: a client that retried would have failed again within this.
        Thread.sleep(600);
        assertThat(authFailures() - before).as("one refused attempt per client").isEqualTo(2.0);
        assertThat(wrongKey.failure().orElseThrow().getMessage())
                .contains("HTTP 401")
                .contains("missing or bad credentials")
                .doesNotContain("not-a-key");
        assertThat(forbidden.failure().orElseThrow().getMessage()).contains("HTTP 403");
    }

    private static void assertRefused(VortexClient client, int status) {
        assertThatThrownBy(() -> client.start().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(VortexClientException.class)
                .satisfies(failure ->
                        assertThat(((VortexClientException) failure).status()).hasValue(status));
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    }

    /**
     * Real time, short tokens: the client renews on its own scheduler and the server sweeps about once a
     * second, and neither runs on a clock this test can share with the other. Each token lives 4 s (3 to 4 s
     * after rounding {@code exp} down to seconds); the client sends the next one after 80% of that.
     */
    @Test
    void aRenewedJwt_keepsTheConnectionOpenPastTheFirstTokensExpiry() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        List<Instant> expiries = new CopyOnWriteArrayList<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        VortexClient client =
                client(builder -> builder.rawMessageListener(messages::add).bearerToken(() -> {
                    issued.incrementAndGet();
                    Instant expiry = Instant.now().plusSeconds(4);
                    expiries.add(expiry);
                    return SecurityTest.sign(
                            JWSAlgorithm.HS256,
                            SecurityTest.claims("svc-" + issued.get(), List.of("orders:*:*"))
                                    .expirationTime(Date.from(expiry))
                                    .build());
                }));
        client.addConnectionListener(states::add);
        client.start().get(20, TimeUnit.SECONDS);
        Instant firstExpiry = expiries.get(0);

        // Past the first token's expiry and the server's next sweep.
        await().atMost(WAIT).until(() -> Instant.now().isAfter(firstExpiry.plusMillis(1500)));
        fixture.write("orders-prod.yml", "orders:\n  max-items: 777\n");
        fixture.refresh();
        await().atMost(WAIT)
                .until(() -> client.config().getInt("orders.max-items").orElse(0) == 777);

        assertThat(issued.get())
                .as("tokens asked for: the first and at least one renewal")
                .isGreaterThanOrEqualTo(2);
        assertThat(messages)
                .noneMatch(message -> message.contains("TOKEN_EXPIRED") || message.contains("auth refused"));
        assertThat(states)
                .as("one connection throughout")
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }
}
