package dev.vortex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials against a scripted peer on real sockets, with time driven by the test: when a renewed token is
 * asked for and sent ({@code auth}), what a reconnection presents, and how the client stops on an expired
 * fixed token or a refused upgrade. The same behaviours against the real server: VortexClientSecurityTest in
 * vortex-server.
 */
class TokenRenewalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final long HEARTBEAT = Duration.ofHours(1).toMillis();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    /** An unsigned-looking JWT (the client never checks signatures) expiring {@code lifetime} after NOW. */
    static String jwt(String subject, Duration lifetime) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(
                ("{\"sub\":\"" + subject + "\",\"exp\":" + NOW.plus(lifetime).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    private ScriptedServer server() throws Exception {
        ScriptedServer server = new ScriptedServer();
        closeables.add(0, server);
        return server;
    }

    private VortexClient client(ScriptedServer server, Credentials credentials, ManualScheduler scheduler) {
        return built(builder(server, credentials)
                .heartbeatTimeout(Duration.ofMillis(HEARTBEAT))
                .scheduler(scheduler)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** A client of orders:prod on {@code server}, with a short backoff. */
    private static VortexClient.Builder builder(ScriptedServer server, Credentials credentials) {
        return VortexClient.builder()
                .url(server.url())
                .application("orders")
                .profiles("prod")
                .credentials(credentials)
                .reconnect(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofMillis(50)));
    }

    /** Builds the client, to be closed after the test. */
    private VortexClient built(VortexClient.Builder builder) {
        VortexClient client = builder.build();
        closeables.add(0, client);
        return client;
    }

    private static void snapshot(ScriptedServer.Peer peer) throws Exception {
        peer.send(ClientProtocolFaultTest.snapshot("v1", "{\"orders\":{\"max-items\":1}}"));
    }

    @Test
    void renewedToken_isSentInAuth_at80PercentOfItsLifetime_andReconnectionsAskForAFreshOne() throws Exception {
        ScriptedServer server = server();
        ManualScheduler scheduler = new ManualScheduler();
        List<String> issued = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        VortexClient client = client(
                server,
                Credentials.bearer(() -> {
                    String token = jwt("svc-" + asked.incrementAndGet(), Duration.ofSeconds(100L * asked.get()));
                    issued.add(token);
                    return token;
                }),
                scheduler);
        client.start();
        ScriptedServer.Peer peer = server.nextPeer(20);
        assertThat(peer.header("Authorization")).isEqualTo("Bearer " + issued.get(0));
        snapshot(peer);
        client.start().get(20, TimeUnit.SECONDS);

        ManualScheduler.Task refresh = scheduler.next(HEARTBEAT);
        assertThat(refresh.delayMillis).as("80% of 100 s").isEqualTo(80_000);
        refresh.run();
        JsonNode auth = JSON.readTree(peer.receive(20));
        assertThat(auth.path("type").asText()).isEqualTo("auth");
        assertThat(auth.path("token").asText()).isEqualTo(issued.get(1));
        assertThat(scheduler.next(HEARTBEAT).delayMillis)
                .as("the next refresh follows the fresh token's lifetime (200 s)")
                .isEqualTo(160_000);

        // The supplier could not keep up: the server gives up on the connection; the client comes back at once
        // with a fresh token rather than the one that expired.
        peer.send("{\"type\":\"error\",\"code\":\"TOKEN_EXPIRED\",\"message\":\"expired\",\"timestamp\":\"x\"}");
        peer.closeWith(1008);
        ScriptedServer.Peer second = server.nextPeer(20);
        assertThat(second.header("Authorization")).isEqualTo("Bearer " + issued.get(2));
        assertThat(second.requestLine()).contains("last_version=v1");
        assertThat(client.failure()).isEmpty();
    }

    @Test
    void aSupplierGivingTheSameToken_sendsNoAuth_andIsAskedAgainCloserToExpiry() throws Exception {
        ScriptedServer server = server();
        ManualScheduler scheduler = new ManualScheduler();
        String token = jwt("svc", Duration.ofSeconds(100));
        VortexClient client = client(server, Credentials.bearer(() -> token), scheduler);
        client.start();
        ScriptedServer.Peer peer = server.nextPeer(20);
        snapshot(peer);
        client.start().get(20, TimeUnit.SECONDS);

        ManualScheduler.Task refresh = scheduler.next(HEARTBEAT);
        refresh.run();
        // The clock stands still here, so the next try is 80% of the same 100 s; what matters is that a try
        // is planned and nothing was sent.
        assertThat(scheduler.next(HEARTBEAT).delayMillis).isEqualTo(80_000);
        peer.send("{\"type\":\"ping\",\"timestamp\":\"x\"}");
        assertThat(JSON.readTree(peer.receive(20)).path("type").asText())
                .as("the first thing the client sent is the pong, not an auth")
                .isEqualTo("pong");
    }

    @Test
    void aFixedTokenThatExpires_stopsTheClient_sayingWhy() throws Exception {
        ScriptedServer server = server();
        VortexClient client =
                client(server, Credentials.bearer(jwt("svc", Duration.ofSeconds(100))), new ManualScheduler());
        client.start();
        ScriptedServer.Peer peer = server.nextPeer(20);
        snapshot(peer);
        client.start().get(20, TimeUnit.SECONDS);

        peer.send("{\"type\":\"error\",\"code\":\"TOKEN_EXPIRED\",\"message\":\"the credentials of 'svc'"
                + " expired\",\"timestamp\":\"x\"}");
        peer.closeWith(1008);

        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        assertThat(client.failure().orElseThrow().getMessage())
                .contains("expired")
                .contains("bearerToken(Supplier)")
                .doesNotContain(jwt("svc", Duration.ofSeconds(100)));
        assertThat(server.anotherPeerWithin(300)).isFalse();
        assertThat(client.config().getInt("orders.max-items"))
                .as("the last config stays")
                .contains(1);
    }

    /** A client on a real scheduler (a reconnection reaches the scripted server by itself), short backoff. */
    private VortexClient realTimeClient(ScriptedServer server, Credentials credentials) {
        return built(builder(server, credentials));
    }

    /** Starts {@code client}, serves it a snapshot, waits for it: the connected peer. */
    private static ScriptedServer.Peer connected(ScriptedServer server, VortexClient client) throws Exception {
        client.start();
        ScriptedServer.Peer peer = server.nextPeer(20);
        snapshot(peer);
        client.start().get(20, TimeUnit.SECONDS);
        return peer;
    }

    private static final String API_KEY = "revoked-key-0123456789";
    private static final String REVOKED = "{\"type\":\"error\",\"code\":\"FORBIDDEN\",\"message\":\"the credentials"
            + " of 'ci' are no longer accepted (settings reloaded): unknown API key\",\"timestamp\":\"x\"}";

    @Test
    void anUpgradeRefusedWith401OnAReconnection_isFinal_andNamesTheStatus() throws Exception {
        ScriptedServer server = server();
        VortexClient client = realTimeClient(server, Credentials.apiKey(API_KEY));
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.addConnectionListener(states::add);
        ScriptedServer.Peer peer = connected(server, client);
        assertThat(peer.header("X-API-Key")).isEqualTo(API_KEY);

        server.refuseUpgradesWith(401);
        peer.closeWith(1001);

        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        VortexClientException failure = client.failure().orElseThrow();
        assertThat(failure.status()).hasValue(401);
        assertThat(failure.refused()).isTrue();
        assertThat(failure.getMessage())
                .contains("HTTP 401")
                .contains("Credentials[api key]")
                .doesNotContain("revoked-key");
        // No retry after the refusal: two connection attempts in all, the last one refused.
        Thread.sleep(300);
        assertThat(states.stream().filter(state -> state == ConnectionState.CONNECTING))
                .hasSize(2);
        assertThat(states).last().isEqualTo(ConnectionState.FAILED);
    }

    @Test
    void aCloseWith1008AfterForbidden_isFinal_forAFixedApiKey_andTheFailureSaysWhy() throws Exception {
        ScriptedServer server = server();
        VortexClient client = realTimeClient(server, Credentials.apiKey(API_KEY));
        ScriptedServer.Peer peer = connected(server, client);

        peer.send(REVOKED);
        peer.closeWith(1008, "credentials revoked");

        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        VortexClientException failure = client.failure().orElseThrow();
        assertThat(failure.closeCode()).hasValue(1008);
        assertThat(failure.status()).isEmpty();
        assertThat(failure.refused()).isTrue();
        assertThat(failure.getMessage())
                .contains("1008")
                .contains("credentials revoked")
                .contains("FORBIDDEN 'the credentials of 'ci' are no longer accepted")
                .contains("Credentials[api key]")
                .contains("not retrying")
                .doesNotContain("revoked-key");
        assertThat(server.anotherPeerWithin(300)).as("no reconnection").isFalse();
        assertThat(client.config().getInt("orders.max-items"))
                .as("the last config stays")
                .contains(1);
    }

    @Test
    void aCloseWith1008WithoutAnError_isFinalToo() throws Exception {
        ScriptedServer server = server();
        VortexClient client = realTimeClient(server, Credentials.apiKey(API_KEY));
        ScriptedServer.Peer peer = connected(server, client);

        peer.closeWith(1008);

        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        assertThat(client.failure().orElseThrow().getMessage())
                .contains("closed the connection with 1008 (policy violation)")
                .doesNotContain("after error");
        assertThat(server.anotherPeerWithin(300)).as("no reconnection").isFalse();
    }

    @Test
    void aCloseWith1008AfterRateLimited_isAnOrdinaryLoss_andReconnects() throws Exception {
        ScriptedServer server = server();
        VortexClient client = realTimeClient(server, Credentials.apiKey(API_KEY));
        ScriptedServer.Peer peer = connected(server, client);

        peer.send("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"sustained flood; closing\","
                + "\"timestamp\":\"x\"}");
        peer.closeWith(1008, "rate limit exceeded");

        ScriptedServer.Peer second = server.nextPeer(20);
        assertThat(second).as("a reconnection").isNotNull();
        assertThat(second.requestLine()).contains("last_version=v1");
        assertThat(client.failure()).isEmpty();
    }

    @Test
    void aRenewedToken_closedWith1008_reconnectsOnceWithTheSuppliersTokenNow_andA1008BeforeSyncIsFinal()
            throws Exception {
        ScriptedServer server = server();
        List<String> issued = new CopyOnWriteArrayList<>();
        VortexClient client = realTimeClient(server, Credentials.bearer(() -> {
            String token = "opaque-token-" + (issued.size() + 1);
            issued.add(token);
            return token;
        }));
        ScriptedServer.Peer peer = connected(server, client);

        peer.send(REVOKED);
        peer.closeWith(1008, "credentials revoked");
        ScriptedServer.Peer second = server.nextPeer(20);
        assertThat(second.header("Authorization")).isEqualTo("Bearer opaque-token-2");
        assertThat(client.failure()).isEmpty();

        // The fresh token is no better: closed again before the client is in sync. That is final.
        second.send(REVOKED);
        second.closeWith(1008, "credentials revoked");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        assertThat(client.failure().orElseThrow().getMessage())
                .contains("on the reconnection with a fresh token from the supplier")
                .contains("1008")
                .doesNotContain("opaque-token");
        assertThat(server.anotherPeerWithin(300)).as("no third connection").isFalse();
        assertThat(issued).hasSize(2);
    }

    @Test
    void aSupplierSayingNoTokenCanBeHad_atAReconnection_stopsTheClient_withItsReason() throws Exception {
        ScriptedServer server = server();
        AtomicInteger asked = new AtomicInteger();
        VortexClient client = realTimeClient(server, Credentials.bearer(() -> {
            if (asked.incrementAndGet() > 1) {
                throw new VortexClientException("cannot read the token file /run/token", -1, null);
            }
            return "opaque-token-1";
        }));
        ScriptedServer.Peer peer = connected(server, client);

        peer.closeWith(1001);

        await().atMost(Duration.ofSeconds(20)).until(() -> client.state() == ConnectionState.FAILED);
        assertThat(client.failure().orElseThrow().getMessage())
                .contains("no credentials for orders:prod")
                .contains("cannot read the token file /run/token")
                .contains("not retrying");
        assertThat(asked.get()).as("asked once more, not again and again").isEqualTo(2);
        assertThat(server.anotherPeerWithin(300)).isFalse();
    }

    @Test
    void expiry_isReadFromJwtsOnly() {
        assertThat(JwtExpiry.of(jwt("svc", Duration.ofSeconds(5))))
                .hasValue(NOW.plusSeconds(5).toEpochMilli());
        assertThat(JwtExpiry.of("an-opaque-api-key")).isEmpty();
        assertThat(JwtExpiry.of("a.b.c")).isEmpty();
        assertThat(JwtExpiry.of("a.!!!.c")).isEmpty();
        String noExp =
                "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"x\"}".getBytes()) + ".x";
        assertThat(JwtExpiry.of(noExp)).isEmpty();
    }
}
