package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexClientException;
import dev.vortex.server.TestSettingsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client when a settings reload on the real server revokes its credentials ({@code FORBIDDEN}, then close
 * 1008; see SecurityReloadTest): fixed credentials stop at once, saying why, with no reconnection that would only be
 * refused; a token supplier gets one reconnection with the token it gives now, which either carries on or is final.
 * Attempts are counted on both sides: the client's connection states and the server's refused upgrades.
 */
class VortexClientRevocationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path workDir;

    private Path settings;
    private RealtimeFixture fixture;
    private final List<VortexClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        settings = workDir.resolve("vortex.yml");
        TestSettingsFiles.replace(settings, settings(SecurityTest.SECRET, true));
        fixture = RealtimeFixture.start(
                Files.createDirectories(workDir.resolve("config")),
                builder -> TestSettingsFiles.from(builder, settings));
        SecurityTest.writeRepository(fixture);
        fixture.refresh();
    }

    @AfterEach
    void stop() {
        clients.forEach(VortexClient::close);
        fixture.close();
    }

    /** SecurityReloadTest's settings: ci reads orders, ops everything and metrics, JWTs signed with the secret. */
    private static String settings(String hs256Secret, boolean withCi) {
        return SecurityReloadTest.settings(List.of("orders:*:*"), SecurityReloadTest.WONDERLAND, hs256Secret, withCi);
    }

    private void reload(String content) {
        TestSettingsFiles.replace(settings, content);
        fixture.server().reloadSettingsNow();
    }

    private VortexClient client(UnaryOperator<VortexClient.Builder> credentials, List<ConnectionState> states)
            throws Exception {
        VortexClient client =
                credentials.apply(VortexClientSecurityTest.ordersProd(fixture)).build();
        clients.add(client);
        client.addConnectionListener(states::add);
        client.start().get(20, TimeUnit.SECONDS);
        return client;
    }

    /** The server's count of refused upgrades. */
    private double authFailures() {
        return VortexClientSecurityTest.authFailures(fixture);
    }

    private static String token(String subject, String secret) {
        try {
            return SecurityTest.signWith(
                    new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                    JWSAlgorithm.HS256,
                    SecurityTest.claims(subject, List.of("orders:*:*")).build());
        } catch (KeyLengthException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void revokedApiKey_stopsTheClientWithoutReconnecting_andFailureNamesTheCloseAndTheServersError() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        VortexClient client = client(builder -> builder.apiKey(SecurityTest.CI_KEY), states);
        double refusedBefore = authFailures();

        reload(settings(SecurityTest.SECRET, false));

        await().atMost(WAIT).until(() -> client.state() == ConnectionState.FAILED);
        VortexClientException failure = client.failure().orElseThrow();
        assertThat(failure.closeCode()).hasValue(1008);
        assertThat(failure.refused()).isTrue();
        assertThat(failure.getMessage())
                .contains("1008")
                .contains("credentials revoked")
                .contains("FORBIDDEN")
                .contains("'ci' are no longer accepted")
                .contains("Credentials[api key]")
                .doesNotContain(SecurityTest.CI_KEY);
        // FAILED is final (no timer is left to reconnect): the one connection is all there was.
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.FAILED));
        assertThat(states)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
        assertThat(authFailures() - refusedBefore).as("no refused reconnection").isZero();
        assertThat(client.config().getInt("orders.max-items"))
                .as("the last config stays")
                .hasValue(500);
    }

    @Test
    void tokenSupplier_withAFreshTokenAfterTheRevocation_reconnectsOnce_andFollowsChanges() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        // The identity provider's key rotates with the server's settings: tokens asked for after it are signed
        // with the new secret.
        AtomicReference<String> secret = new AtomicReference<>(SecurityTest.SECRET);
        VortexClient client = client(
                builder -> builder.bearerToken(() -> token("svc-" + asked.incrementAndGet(), secret.get())), states);
        double refusedBefore = authFailures();

        secret.set(SecurityReloadTest.OTHER_SECRET);
        reload(settings(SecurityReloadTest.OTHER_SECRET, true));

        await().atMost(WAIT).until(() -> states.size() >= 5);
        assertThat(states)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertThat(asked.get()).as("one token per connection").isEqualTo(2);
        fixture.write("orders-prod.yml", "orders:\n  max-items: 501\n");
        fixture.refresh();
        await().atMost(WAIT)
                .until(() -> client.config().getInt("orders.max-items").orElse(0) == 501);
        assertThat(client.failure()).isEmpty();
        assertThat(authFailures() - refusedBefore).isZero();
    }

    @Test
    void tokenSupplier_stillGivingTheRevokedToken_getsOneRefusedReconnection_thenStops() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        String revoked = token("svc", SecurityTest.SECRET);
        VortexClient client = client(builder -> builder.bearerToken(() -> revoked), states);
        double refusedBefore = authFailures();

        reload(settings(SecurityReloadTest.OTHER_SECRET, true));

        await().atMost(WAIT).until(() -> client.state() == ConnectionState.FAILED);
        VortexClientException failure = client.failure().orElseThrow();
        assertThat(failure.status()).hasValue(401);
        assertThat(failure.getMessage())
                .contains("HTTP 401")
                .contains("on the reconnection with a fresh token")
                .contains("1008")
                .contains("'svc'")
                .doesNotContain(revoked);
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.FAILED));
        assertThat(states)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.FAILED);
        assertThat(authFailures() - refusedBefore)
                .as("one refused reconnection")
                .isEqualTo(1.0);
    }
}
