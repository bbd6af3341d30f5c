package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code security.jwt.jwks-url} against a real HTTP server in the test serving a JWK set: tokens signed with a
 * served key are accepted, a rotated-in key is fetched when a token names it, an unknown key id is refused,
 * an issuer down at start delays tokens (401) but not the server, and a fetch never holds an event loop.
 */
class JwksUrlTest {
    private static final KeyPair K1 = rsa();
    private static final KeyPair K2 = rsa();
    private static final KeyPair STRANGER = rsa();

    @TempDir
    Path workDir;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final AtomicReference<String> served = new AtomicReference<>(jwks("k1", K1));
    private final AtomicInteger fetches = new AtomicInteger();
    /** Counted down to let fetches through; already open unless a test closes it. */
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger authorizerLog = (Logger) LoggerFactory.getLogger(CredentialsAuthorizer.class);
    private HttpServer issuer;
    private RealtimeFixture fixture;

    @AfterEach
    void stop() {
        authorizerLog.detachAppender(log);
        gate.get().countDown();
        if (fixture != null) {
            fixture.close();
        }
        if (issuer != null) {
            issuer.stop(0);
        }
    }

    /** Serves {@link #served} at {@code /jwks.json} on {@code port} (0: a free one). */
    private int startIssuer(int port) throws IOException {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        issuer.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            try {
                gate.get().await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuer.start();
        return issuer.getAddress().getPort();
    }

    private void startVortex(int issuerPort, int eventLoops) throws IOException {
        log.start();
        authorizerLog.addAppender(log);
        SecuritySettings security = new SecuritySettings(
                List.of(),
                List.of(),
                new SecuritySettings.JwtSettings(
                        null,
                        List.of(),
                        null,
                        SecurityTest.ISSUER,
                        SecurityTest.AUDIENCE,
                        Duration.ofSeconds(30),
                        URI.create("http://127.0.0.1:" + issuerPort + "/jwks.json")),
                true,
                List.of());
        Path repo = Files.createDirectories(workDir.resolve("config"));
        fixture = RealtimeFixture.start(
                repo, builder -> builder.security(security).eventLoops(eventLoops), clock);
        SecurityTest.writeRepository(fixture);
        fixture.refresh();
    }

    private int status(String token) {
        return fixture.http()
                .get("/orders/default", "Authorization", "Bearer " + token)
                .statusCode();
    }

    @Test
    void tokenOfAServedKey_isAccepted_andARotatedInKeyIsFetchedWhenATokenNamesIt() throws IOException {
        startVortex(startIssuer(0), 2);

        assertThat(status(token("k1", K1))).isEqualTo(200);
        WsTestClient socket = fixture.connect("/ws/orders/default?token=" + token("k1", K1));
        assertThat(socket.next("config_snapshot").get("app").asText()).isEqualTo("orders");
        int fetchesBefore = fetches.get();

        // The issuer rotates a new key in; the first token naming it makes the server fetch the set again.
        served.set(jwks("k1", K1, "k2", K2));
        assertThat(status(token("k2", K2))).isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(fetchesBefore + 1);
        // Both keys verify from the cache from then on.
        assertThat(status(token("k1", K1))).isEqualTo(200);
        assertThat(status(token("k2", K2))).isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(fetchesBefore + 1);
    }

    @Test
    void unknownKeyId_andAServedKeyIdSignedByAnotherKey_are401() throws IOException {
        startVortex(startIssuer(0), 2);

        HttpResponse<String> unknown =
                fixture.http().get("/orders/default", "Authorization", "Bearer " + token("k9", STRANGER));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(TestClient.json(unknown.body()).get("message").asText()).contains("bearer token");
        assertThat(status(token("k1", STRANGER))).isEqualTo(401);
        try (RawWebSocket upgrade = RawWebSocket.open(
                fixture.server().port(), "/ws/orders/default?token=" + token("k9", STRANGER), Duration.ofSeconds(10))) {
            assertThat(upgrade.response()).startsWith("HTTP/1.1 401");
        }
        // Made-up key ids cannot make the server hammer the issuer: two fetches per 30 s at most.
        for (int i = 0; i < 5; i++) {
            status(token("k-" + i, STRANGER));
        }
        assertThat(fetches.get()).isLessThanOrEqualTo(2);
        assertThat(fixture.http()
                        .get("/orders/default", "Authorization", "Bearer " + token("k-5", STRANGER))
                        .body())
                .contains("may not be fetched again yet");
    }

    @Test
    void issuerDownAtStart_serverStarts_tokensAre401_untilTheKeysCanBeFetched() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        startVortex(port, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                .anyMatch(event -> event.getLevel() == Level.WARN
                        && event.getFormattedMessage().contains("cannot be fetched yet")));

        HttpResponse<String> refused =
                fixture.http().get("/orders/default", "Authorization", "Bearer " + token("k1", K1));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(TestClient.json(refused.body()).get("message").asText())
                .contains("security.jwt.jwks-url")
                .contains("cannot be fetched");
        // Other requests are served meanwhile, and health tells.
        com.fasterxml.jackson.databind.JsonNode down =
                fixture.http().getJson("/actuator/health").get("components").get("jwkSet");
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("details").get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/jwks.json");
        assertThat(down.get("details").get("error").asText()).contains("Connection refused");

        // The issuer comes up; once the rate limit's interval has passed, a token fetches the keys.
        startIssuer(port);
        clock.advance(Duration.ofSeconds(31));
        assertThat(status(token("k1", K1))).isEqualTo(200);
        assertThat(fixture.http()
                        .getJson("/actuator/health")
                        .get("components")
                        .get("jwkSet")
                        .get("status")
                        .asText())
                .isEqualTo("UP");
    }

    @Test
    void aSlowFetch_neverHoldsTheEventLoop() throws Exception {
        startVortex(startIssuer(0), 1);
        assertThat(status(token("k1", K1))).isEqualTo(200);

        // The next fetch hangs until the test lets it go; with one event loop, a blocked loop would stall all.
        CountDownLatch release = new CountDownLatch(1);
        gate.set(release);
        served.set(jwks("k1", K1, "k2", K2));
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + fixture.server().port() + "/orders/default"))
                        .header("Authorization", "Bearer " + token("k2", K2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() == 2);

        assertThat(fixture.http().get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(status(token("k1", K1))).isEqualTo(200);
        assertThat(waiting).isNotDone();

        release.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void anAuthVerifiedOnAWorkerThread_isAnsweredBeforeTheMessagesSentAfterIt() throws IOException {
        startVortex(startIssuer(0), 1);
        WsTestClient socket = fixture.connect("/ws/orders/default?token=" + token("k1", K1));
        socket.next("config_snapshot");

        // A token of a rotated-in key: verifying it fetches the set, which hangs until the test lets it go.
        CountDownLatch release = new CountDownLatch(1);
        gate.set(release);
        served.set(jwks("k1", K1, "k2", K2));
        socket.send("{\"type\":\"auth\",\"token\":\"" + token("k2", K2, List.of("orders:*:*", "billing:*:*")) + "\"}");
        socket.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() == 2);
        // The server has read the subscribe (its socket answered a later ping frame) and not answered it.
        socket.pingFrame();
        assertThat(socket.drain(Duration.ZERO)).isEmpty();

        release.countDown();

        // Judged by the token the auth brought, not by the one the connection had.
        assertThat(socket.next().get("type").asText()).isEqualTo("subscribed");
        assertThat(socket.next("config_snapshot").get("app").asText()).isEqualTo("billing");
    }

    private static String token(String keyId, KeyPair key) {
        return token(keyId, key, List.of("orders:*:*"));
    }

    private static String token(String keyId, KeyPair key, List<String> read) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
                    SecurityTest.claims("svc", read).build());
            jwt.sign(new RSASSASigner(key.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** A JWK set of the public halves: key id, key pair, key id, key pair... */
    private static String jwks(Object... idsAndKeys) {
        List<JWK> keys = new java.util.ArrayList<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.add(new RSAKey.Builder((RSAPublicKey) ((KeyPair) idsAndKeys[i + 1]).getPublic())
                    .keyID((String) idsAndKeys[i])
                    .build());
        }
        return new JWKSet(keys).toString();
    }

    private static KeyPair rsa() {
        return SecurityTest.keyPair("RSA", null);
    }
}
