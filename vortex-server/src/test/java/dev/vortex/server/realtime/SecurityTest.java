package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Credentials and key patterns on a real server, over real HTTP and WebSocket clients: every refusal (401
 * before any upgrade, 403 for a key or right the principal lacks, {@code FORBIDDEN} for a pattern), and
 * pattern subscriptions that skip the keys the principal may not read, now and later. Tokens are signed
 * here with Nimbus's signers, with keys made for the test.
 */
class SecurityTest {
    static final String SECRET = "a-shared-hmac-secret-of-32-bytes-at-least";
    static final String ISSUER = "https://login.example.test";
    static final String AUDIENCE = "vortex";
    static final String CI_KEY = "ci-key-0123456789abcdef";
    static final String OPS_KEY = "ops-key-0123456789abcdef";
    static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    static final KeyPair RSA = keyPair("RSA", null);
    static final KeyPair EC = keyPair("EC", "secp256r1");
    static final KeyPair OTHER_RSA = keyPair("RSA", null);
    static final KeyPair JWKS_RSA = keyPair("RSA", null);

    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(secured(List.of()), SecurityTest::writeRepository);

    /** orders (two profiles), payments:prod, billing, and nothing else. */
    static void writeRepository(RealtimeFixture fixture) {
        fixture.write("orders.yml", "orders:\n  max-items: 50\n");
        fixture.write("orders-prod.yml", "orders:\n  max-items: 500\n");
        fixture.write("payments-prod.yml", "payments:\n  provider: acme\n");
        fixture.write("billing.yml", "billing:\n  provider: stripe\n");
    }

    /** Settings with every scheme: API keys ci and ops, the user alice, and JWTs of three kinds of key. */
    static UnaryOperator<dev.vortex.server.ServerSettings.Builder> secured(List<String> allowedOrigins) {
        Path keys;
        try {
            keys = Files.createTempDirectory("vortex-keys-");
            Files.writeString(keys.resolve("rsa.pem"), pem(RSA));
            Files.writeString(keys.resolve("ec.pem"), pem(EC));
            Files.writeString(
                    keys.resolve("jwks.json"),
                    new JWKSet(new RSAKey.Builder((RSAPublicKey) JWKS_RSA.getPublic())
                                    .keyID("k1")
                                    .build())
                            .toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SecuritySettings security = new SecuritySettings(
                List.of(
                        new SecuritySettings.ApiKey(
                                "ci", CI_KEY, Grants.parse(List.of("orders:*:*"), List.of("refresh"))),
                        new SecuritySettings.ApiKey("ops", OPS_KEY, Grants.parse(List.of("*:*:*"), List.of("metrics"))),
                        new SecuritySettings.ApiKey(
                                "admin", ADMIN_KEY, Grants.parse(List.of("orders:*:*"), List.of("admin")))),
                List.of(new SecuritySettings.User(
                        "alice",
                        BCrypt.hashpw("wonderland", BCrypt.gensalt(4)),
                        Grants.parse(List.of("*:prod:*"), List.of("metrics")))),
                new SecuritySettings.JwtSettings(
                        SECRET,
                        List.of(keys.resolve("rsa.pem"), keys.resolve("ec.pem")),
                        keys.resolve("jwks.json"),
                        ISSUER,
                        AUDIENCE,
                        Duration.ofSeconds(30)),
                true,
                allowedOrigins);
        return builder -> builder.security(security);
    }

    // ---- HTTP ----

    @Test
    void withoutCredentials_http401WithChallenges_butHealthAndTheLivePagesFilesAreOpen() {
        HttpResponse<String> response = fixture.http().get("/orders/prod");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestClient.json(response.body()).get("message").asText()).contains("credentials required");
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .anyMatch(value -> value.startsWith("Basic"))
                .anyMatch(value -> value.startsWith("Bearer"));
        assertThat(fixture.http().get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(fixture.http().get("/api/keys").statusCode()).isEqualTo(401);
        // The live page's own files hold no configuration: a browser opens it, then presents a token.
        assertThat(fixture.http().get("/").statusCode()).isEqualTo(200);
        assertThat(fixture.http().get("/ui/app.js").statusCode()).isEqualTo(200);
        assertThat(fixture.http().get("/ui/nothing-here.js").statusCode()).isEqualTo(404);
    }

    @Test
    void head_isCheckedAsItsGet_optionsStaysOpenForPreflights() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri =
                java.net.URI.create("http://127.0.0.1:" + fixture.server().port() + "/orders/prod");
        HttpResponse.BodyHandler<Void> discard = HttpResponse.BodyHandlers.discarding();

        assertThat(client.send(
                                java.net.http.HttpRequest.newBuilder(uri)
                                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                discard)
                        .statusCode())
                .isEqualTo(401);
        assertThat(client.send(
                                java.net.http.HttpRequest.newBuilder(uri)
                                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                                        .header("X-API-Key", CI_KEY)
                                        .build(),
                                discard)
                        .statusCode())
                .isEqualTo(200);
        assertThat(client.send(
                                java.net.http.HttpRequest.newBuilder(uri)
                                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                discard)
                        .statusCode())
                .isIn(200, 204);
    }

    @Test
    void health_canBeClosedToo(@org.junit.jupiter.api.io.TempDir Path repo) {
        UnaryOperator<dev.vortex.server.ServerSettings.Builder> closedHealth = builder -> {
            SecuritySettings open = secured(List.of()).apply(builder).build().security();
            return builder.security(
                    new SecuritySettings(open.apiKeys(), open.users(), open.jwt(), false, open.allowedOrigins()));
        };
        try (RealtimeFixture closed = RealtimeFixture.start(repo, closedHealth)) {
            assertThat(closed.http().get("/actuator/health").statusCode()).isEqualTo(401);
            assertThat(closed.http()
                            .get("/actuator/health", "X-API-Key", CI_KEY)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void apiKey_readsItsPatterns_only() {
        assertThat(fixture.http().get("/orders/prod", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(200);
        assertThat(fixture.http().get("/orders-prod.yml", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(200);

        HttpResponse<String> forbidden = fixture.http().get("/payments/prod", "X-API-Key", CI_KEY);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(TestClient.json(forbidden.body()).get("message").asText()).contains("'ci' may not read");
        assertThat(fixture.http().get("/payments-prod.yml", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(403);
        assertThat(fixture.http()
                        .get("/payments/prod/master/x.txt", "X-API-Key", CI_KEY)
                        .statusCode())
                .isEqualTo(403);
        assertThat(fixture.http().get("/api/keys", "X-API-Key", CI_KEY).body()).doesNotContain("payments");
    }

    @Test
    void tokenInTheQuery_countsOnlyOnUpgrades() {
        // Outside an upgrade a header can always be set; a token in a URL would end up in logs and histories.
        assertThat(fixture.http().get("/orders/prod?token=" + CI_KEY).statusCode())
                .isEqualTo(401);
    }

    @Test
    void unknownApiKey_401() {
        HttpResponse<String> response = fixture.http().get("/orders/prod", "X-API-Key", CI_KEY + "x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("unknown API key").doesNotContain(CI_KEY);
    }

    @Test
    void basic_rightPasswordReads_wrongPasswordOrUserOrMalformed401() {
        assertThat(fixture.http()
                        .get("/payments/prod", "Authorization", basic("alice", "wonderland"))
                        .statusCode())
                .isEqualTo(200);
        // Served from the cache of verified credentials the second time; same answer.
        assertThat(fixture.http()
                        .get("/orders/prod", "Authorization", basic("alice", "wonderland"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(fixture.http()
                        .get("/billing/default", "Authorization", basic("alice", "wonderland"))
                        .statusCode())
                .isEqualTo(403);

        assertThat(fixture.http()
                        .get("/payments/prod", "Authorization", basic("alice", "looking-glass"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(fixture.http()
                        .get("/payments/prod", "Authorization", basic("bob", "wonderland"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(fixture.http()
                        .get("/payments/prod", "Authorization", "Basic !!!")
                        .statusCode())
                .isEqualTo(401);
        assertThat(fixture.http()
                        .get("/payments/prod", "Authorization", "Digest x")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void jwt_ofEachKeyKind_readsItsClaimedPatterns() {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256)) {
            String token = sign(algorithm, claims("svc", List.of("billing:*:*")).build());

            assertThat(fixture.http()
                            .get("/billing/default", "Authorization", "Bearer " + token)
                            .statusCode())
                    .as(algorithm.getName())
                    .isEqualTo(200);
            assertThat(fixture.http()
                            .get("/orders/prod", "Authorization", "Bearer " + token)
                            .statusCode())
                    .as(algorithm.getName())
                    .isEqualTo(403);
        }
    }

    @Test
    void jwt_signedWithAKeyOfTheJwkSet_byKeyId() throws JOSEException {
        JWTClaimsSet claims = claims("svc", List.of("billing:*:*")).build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(JWKS_RSA.getPrivate()));

        assertThat(fixture.http()
                        .get("/billing/default", "Authorization", "Bearer " + jwt.serialize())
                        .statusCode())
                .isEqualTo(200);
    }

    /** The ways a bearer token can be wrong, each refused on HTTP and on the upgrade. */
    enum BadToken {
        MALFORMED("malformed"),
        EXPIRED("Expired"),
        NOT_YET_VALID("before use time"),
        WRONG_SIGNATURE("signature"),
        WRONG_ISSUER("iss"),
        WRONG_AUDIENCE("audience"),
        NO_EXPIRY("exp"),
        BAD_PATTERN_CLAIM("claims"),
        UNSIGNED("unsecured");

        final String reason;

        BadToken(String reason) {
            this.reason = reason;
        }

        String token() {
            Instant now = Instant.now();
            return switch (this) {
                case MALFORMED -> "abc.def.ghi";
                case BAD_PATTERN_CLAIM ->
                    sign(JWSAlgorithm.HS256, claims("svc", List.of("orders:*")).build());
                case UNSIGNED ->
                    new com.nimbusds.jwt.PlainJWT(
                                    claims("svc", List.of("*:*:*")).build())
                            .serialize();
                case EXPIRED ->
                    sign(
                            JWSAlgorithm.HS256,
                            claims("svc", List.of("*:*:*"))
                                    .expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))
                                    .build());
                case NOT_YET_VALID ->
                    sign(
                            JWSAlgorithm.HS256,
                            claims("svc", List.of("*:*:*"))
                                    .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))
                                    .build());
                case WRONG_SIGNATURE ->
                    signWith(
                            new RSASSASigner(OTHER_RSA.getPrivate()),
                            JWSAlgorithm.RS256,
                            claims("svc", List.of("*:*:*")).build());
                case WRONG_ISSUER ->
                    sign(
                            JWSAlgorithm.HS256,
                            claims("svc", List.of("*:*:*"))
                                    .issuer("https://evil.example.test")
                                    .build());
                case WRONG_AUDIENCE ->
                    sign(
                            JWSAlgorithm.HS256,
                            claims("svc", List.of("*:*:*"))
                                    .audience("someone-else")
                                    .build());
                case NO_EXPIRY ->
                    sign(
                            JWSAlgorithm.HS256,
                            claims("svc", List.of("*:*:*")).expirationTime(null).build());
            };
        }
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void badToken_401_onHttpAndOnTheUpgrade(BadToken bad) {
        String token = bad.token();
        HttpResponse<String> response = fixture.http().get("/orders/prod", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestClient.json(response.body()).get("message").asText()).containsIgnoringCase(bad.reason);

        try (RawWebSocket socket =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod?token=" + token, Duration.ofSeconds(10))) {
            assertThat(socket.response()).startsWith("HTTP/1.1 401");
            assertThat(TestClient.json(socket.body()).get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void rights_refreshAndMetrics() {
        assertThat(fixture.http().delete("/cache", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(204);
        assertThat(fixture.http().delete("/cache", "X-API-Key", OPS_KEY).statusCode())
                .isEqualTo(403);
        assertThat(fixture.http()
                        .post("/monitor", "application/json", "{}", "X-API-Key", OPS_KEY)
                        .statusCode())
                .isEqualTo(403);
        assertThat(fixture.http()
                        .post("/monitor", "application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", CI_KEY)
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> metrics = fixture.http().get("/actuator/prometheus", "X-API-Key", OPS_KEY);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(fixture.http()
                        .get("/actuator/prometheus", "X-API-Key", CI_KEY)
                        .statusCode())
                .isEqualTo(403);
        // Failed attempts are counted by scheme; the earlier refusals of this test are not authentications.
        fixture.http().get("/orders/prod", "X-API-Key", "not-a-key-of-this-server");
        assertThat(fixture.http()
                        .get("/actuator/prometheus", "X-API-Key", OPS_KEY)
                        .body())
                .contains("vortex_auth_failures_total{scheme=\"api_key\"}");
    }

    @Test
    void encryptAndDecrypt_needTheAdminRight(@org.junit.jupiter.api.io.TempDir Path repo) {
        dev.vortex.server.crypto.EncryptionSettings withKey = new dev.vortex.server.crypto.EncryptionSettings(
                java.util.Optional.of("a-symmetric-key-for-the-test"),
                dev.vortex.server.crypto.EncryptionSettings.DEFAULT_SALT,
                java.util.Optional.empty(),
                true);
        try (RealtimeFixture encrypting = RealtimeFixture.start(
                repo, builder -> secured(List.of()).apply(builder).encryption(withKey))) {
            TestClient http = encrypting.http();
            assertThat(http.post("/encrypt", "text/plain", "s3cret").statusCode())
                    .isEqualTo(401);
            assertThat(http.post("/encrypt", "text/plain", "s3cret", "X-API-Key", OPS_KEY)
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> cipher = http.post("/encrypt", "text/plain", "s3cret", "X-API-Key", ADMIN_KEY);
            assertThat(cipher.statusCode()).isEqualTo(200);
            assertThat(http.post("/decrypt", "text/plain", cipher.body(), "X-API-Key", CI_KEY)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http.post("/decrypt", "text/plain", cipher.body(), "X-API-Key", ADMIN_KEY)
                            .body())
                    .isEqualTo("s3cret");
        }
    }

    // ---- WebSocket ----

    @Test
    void upgrade_withoutCredentials401_forbiddenKey403_asJsonBeforeAny101() {
        try (RawWebSocket socket =
                RawWebSocket.open(fixture.server().port(), "/ws/orders/prod", Duration.ofSeconds(10))) {
            assertThat(socket.response()).startsWith("HTTP/1.1 401").contains("WWW-Authenticate");
            assertThat(TestClient.json(socket.body()).get("message").asText()).contains("credentials required");
        }
        try (RawWebSocket socket = RawWebSocket.open(
                fixture.server().port(), "/ws/payments/prod?token=" + CI_KEY, Duration.ofSeconds(10))) {
            assertThat(socket.response()).startsWith("HTTP/1.1 403");
            assertThat(TestClient.json(socket.body()).get("message").asText()).contains("'ci' may not read");
        }
        try (RawWebSocket socket = RawWebSocket.open(
                fixture.server().port(), "/ws/orders/prod?token=" + CI_KEY + "x", Duration.ofSeconds(10))) {
            assertThat(socket.response()).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void upgrade_withEachCarrierOfCredentials_opens() {
        WsTestClient byKey = fixture.connect("/ws/orders/prod?token=" + CI_KEY);
        assertThat(byKey.next("config_snapshot").get("app").asText()).isEqualTo("orders");

        String jwt =
                sign(JWSAlgorithm.ES256, claims("svc", List.of("orders:*:*")).build());
        WsTestClient byQueryJwt = fixture.connect("/ws/orders/prod?token=" + jwt);
        assertThat(byQueryJwt.next("config_snapshot").get("app").asText()).isEqualTo("orders");

        try (RawWebSocket socket = RawWebSocket.open(
                fixture.server().port(),
                "/ws/orders/prod",
                Duration.ofSeconds(10),
                0,
                "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Protocol: vortex.v1, bearer." + jwt)) {
            assertThat(socket.response())
                    .startsWith("HTTP/1.1 101")
                    .contains("vortex.v1")
                    .doesNotContain(jwt);
        }
        try (RawWebSocket socket = RawWebSocket.open(
                fixture.server().port(),
                "/ws/orders/prod",
                Duration.ofSeconds(10),
                0,
                "Sec-WebSocket-Version: 13",
                "Authorization: " + basic("alice", "wonderland"))) {
            assertThat(socket.response()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void subscribe_forbiddenPattern_isRefused_andAPatternSkipsForbiddenKeys_nowAndLater() {
        WsTestClient everything = fixture.connect("/ws/billing/default?token=" + OPS_KEY);
        everything.next("config_snapshot");
        everything.send("{\"type\":\"subscribe\",\"patterns\":[\"*:*:*\"]}");
        everything.next("subscribed");

        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        ci.next("config_snapshot");
        ci.send("{\"type\":\"subscribe\",\"patterns\":[\"payments:*:*\"]}");
        JsonNode error = ci.next("error");
        assertThat(error.get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(error.get("message").asText()).contains("payments:*:*");

        ci.send("{\"type\":\"subscribe\",\"patterns\":[\"*:*:*\"]}");
        ci.next("subscribed");

        // A forbidden key and a readable one appear later: the unrestricted client sees both, ci only its own.
        fixture.write("secret.yml", "secret:\n  password: hunter2\n");
        fixture.write("orders-eu.yml", "orders:\n  max-items: 7\n");
        fixture.refresh();
        fixture.http().get("/secret/default", "X-API-Key", OPS_KEY);
        fixture.http().get("/orders/eu", "X-API-Key", OPS_KEY);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(apps(everything) + " / " + apps(ci))
                .contains("secret:default")
                .contains("orders:eu"));
        // The server delivers in order per connection; a late secret would follow the change to it.
        fixture.write("secret.yml", "secret:\n  password: hunter3\n");
        fixture.write("orders-eu.yml", "orders:\n  max-items: 8\n");
        fixture.refresh();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> apps(ci) != null
                        && ci.received().stream()
                                        .filter(m -> isKey(m, "orders", "eu"))
                                        .count()
                                >= 2
                        && apps(everything) != null
                        && everything.received().stream()
                                        .filter(m -> isKey(m, "secret", "default"))
                                        .count()
                                >= 2);
        assertThat(apps(ci)).doesNotContain("secret:default", "payments:prod", "billing:default");
        assertThat(ci.received().toString()).doesNotContain("hunter");
        assertThat(ci.violations()).isEmpty();
    }

    private static boolean isKey(JsonNode message, String app, String profile) {
        return message.has("app")
                && message.get("app").asText().equals(app)
                && message.get("profile").asText().equals(profile);
    }

    /** The keys of every message {@code client} received so far (reading what has arrived). */
    private static List<String> apps(WsTestClient client) {
        client.drain(Duration.ZERO);
        return client.received().stream()
                .filter(message -> message.has("app"))
                .map(message -> message.get("app").asText() + ":"
                        + message.get("profile").asText())
                .distinct()
                .toList();
    }

    @Test
    void origin_sameOriginOrNoneOpens_otherRefused403() {
        int port = fixture.server().port();
        try (RawWebSocket socket = RawWebSocket.open(
                port,
                "/ws/orders/prod?token=" + CI_KEY,
                Duration.ofSeconds(10),
                0,
                "Sec-WebSocket-Version: 13",
                "Origin: https://evil.example.test")) {
            assertThat(socket.response()).startsWith("HTTP/1.1 403");
            assertThat(TestClient.json(socket.body()).get("message").asText()).contains("evil.example.test");
        }
        try (RawWebSocket socket = RawWebSocket.open(
                port,
                "/ws/orders/prod?token=" + CI_KEY,
                Duration.ofSeconds(10),
                0,
                "Sec-WebSocket-Version: 13",
                "Origin: http://127.0.0.1:" + port)) {
            assertThat(socket.response()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void origin_allowList_isTheOnlyWayIn(@org.junit.jupiter.api.io.TempDir Path repo) {
        try (RealtimeFixture listed = RealtimeFixture.start(repo, secured(List.of("https://app.example.test")))) {
            writeRepository(listed);
            int port = listed.server().port();
            for (String origin : List.of("http://127.0.0.1:" + port, "https://other.example.test")) {
                try (RawWebSocket socket = RawWebSocket.open(
                        port,
                        "/ws/orders/prod?token=" + CI_KEY,
                        Duration.ofSeconds(10),
                        0,
                        "Sec-WebSocket-Version: 13",
                        "Origin: " + origin)) {
                    assertThat(socket.response()).as(origin).startsWith("HTTP/1.1 403");
                }
            }
            try (RawWebSocket socket = RawWebSocket.open(
                    port,
                    "/ws/orders/prod?token=" + CI_KEY,
                    Duration.ofSeconds(10),
                    0,
                    "Sec-WebSocket-Version: 13",
                    "Origin: https://app.example.test")) {
                assertThat(socket.response()).startsWith("HTTP/1.1 101");
            }
        }
    }

    @Test
    void tokenExpiry_closesWith1008_unlessAFreshTokenCameFirst(@org.junit.jupiter.api.io.TempDir Path repo) {
        MutableClock clock = new MutableClock(Instant.now());
        try (RealtimeFixture timed = RealtimeFixture.start(repo, secured(List.of()), clock)) {
            writeRepository(timed);
            String shortLived = sign(
                    JWSAlgorithm.HS256,
                    claims("svc", List.of("orders:*:*"))
                            .expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(10))))
                            .build());
            WsTestClient refreshed = timed.connect("/ws/orders/prod?token=" + shortLived);
            WsTestClient expiring = timed.connect("/ws/orders/default?token=" + shortLived);
            refreshed.next("config_snapshot");
            expiring.next("config_snapshot");

            // A refused token changes nothing: the connection keeps its credentials, and says why.
            refreshed.send("{\"type\":\"auth\",\"token\":\"" + BadToken.WRONG_AUDIENCE.token() + "\"}");
            assertThat(refreshed.next("error").get("message").asText())
                    .contains("auth refused")
                    .contains("audience");
            // A token that may not read the connection's own key is refused too.
            String billingOnly = sign(
                    JWSAlgorithm.HS256,
                    claims("svc", List.of("billing:*:*"))
                            .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(2))))
                            .build());
            refreshed.send("{\"type\":\"auth\",\"token\":\"" + billingOnly + "\"}");
            assertThat(refreshed.next("error").get("code").asText()).isEqualTo("FORBIDDEN");

            String fresh = sign(
                    JWSAlgorithm.HS256,
                    claims("svc", List.of("orders:*:*"))
                            .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(2))))
                            .build());
            refreshed.send("{\"type\":\"auth\",\"token\":\"" + fresh + "\"}");
            refreshed.send("{\"type\":\"ping\"}");
            refreshed.next("pong");

            clock.advance(Duration.ofMinutes(11));

            JsonNode expired = expiring.next("error");
            assertThat(expired.get("code").asText()).isEqualTo("TOKEN_EXPIRED");
            await().atMost(Duration.ofSeconds(30)).until(() -> expiring.closeStatus() != null);
            assertThat(expiring.closeStatus()).isEqualTo((short) 1008);
            // Several heartbeat sweeps later the refreshed connection is still open.
            assertThat(refreshed.drain(Duration.ofMillis(2500)))
                    .noneMatch(message -> message.get("type").asText().equals("error"));
            assertThat(refreshed.closeStatus()).isNull();

            clock.advance(Duration.ofHours(2));
            assertThat(refreshed.next("error").get("code").asText()).isEqualTo("TOKEN_EXPIRED");
            await().atMost(Duration.ofSeconds(30)).until(() -> refreshed.closeStatus() != null);
            assertThat(refreshed.closeStatus()).isEqualTo((short) 1008);
        }
    }

    @Test
    void openServer_readsWithoutCredentials_andAnswersAuthWithInvalidMessage(
            @org.junit.jupiter.api.io.TempDir Path repo) {
        try (RealtimeFixture open = RealtimeFixture.start(repo)) {
            writeRepository(open);
            assertThat(open.http().get("/payments/prod").statusCode()).isEqualTo(200);
            // Credentials are ignored rather than refused while none are configured.
            assertThat(open.http()
                            .get("/payments/prod", "X-API-Key", "whatever")
                            .statusCode())
                    .isEqualTo(200);
            WsTestClient client = open.connect("/ws/payments/prod");
            client.next("config_snapshot");
            client.send("{\"type\":\"auth\",\"token\":\"x\"}");
            assertThat(client.next("error").get("code").asText()).isEqualTo("INVALID_MESSAGE");
        }
    }

    // ---- tokens and keys made for the test ----

    static JWTClaimsSet.Builder claims(String subject, List<String> read) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("vortex_read", read);
    }

    static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            JWSSigner signer;
            if (algorithm.equals(JWSAlgorithm.HS256)) {
                signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
            } else if (algorithm.equals(JWSAlgorithm.RS256)) {
                signer = new RSASSASigner(RSA.getPrivate());
            } else {
                signer = new ECDSASigner((ECPrivateKey) EC.getPrivate());
            }
            return signWith(signer, algorithm, claims);
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String signWith(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair keyPair(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
