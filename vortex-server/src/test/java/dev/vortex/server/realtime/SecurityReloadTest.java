package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestSettingsFiles;
import dev.vortex.server.WsTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Reloading the settings file's security section on a real server, with real HTTP and WebSocket clients:
 * revoked API keys, users and tokens lose their open connections ({@code FORBIDDEN}, then 1008), narrowed
 * grants stop pushing what may no longer be read, widened ones bring the new keys, HTTP follows at once, and
 * a broken file changes nothing but says so once. The poll is driven by the server's clock, moved by the test.
 */
class SecurityReloadTest {
    /** The settings file is read every 5 s of the server's clock (ServerSettings.DEFAULT_SETTINGS_POLL_INTERVAL). */
    private static final Duration POLL = Duration.ofSeconds(5);

    private static final String CI_KEY = SecurityTest.CI_KEY;
    private static final String OPS_KEY = SecurityTest.OPS_KEY;
    static final String WONDERLAND = BCrypt.hashpw("wonderland", BCrypt.gensalt(4));
    private static final String LOOKING_GLASS = BCrypt.hashpw("looking-glass", BCrypt.gensalt(4));
    static final String OTHER_SECRET = "another-shared-hmac-secret-of-32-bytes";

    @TempDir
    Path workDir;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger watcherLog = (Logger) LoggerFactory.getLogger("dev.vortex.server.SettingsFileWatcher");
    private Path settings;
    private RealtimeFixture fixture;

    @BeforeEach
    void start() throws IOException {
        log.start();
        watcherLog.addAppender(log);
        settings = workDir.resolve("vortex.yml");
        writeSettings(settings(List.of("orders:*:*"), WONDERLAND, SecurityTest.SECRET, true));
        Path repo = Files.createDirectories(workDir.resolve("config"));
        fixture = RealtimeFixture.start(repo, builder -> TestSettingsFiles.from(builder, settings), clock);
        SecurityTest.writeRepository(fixture);
        // The server's clock stands still, and with it the directory watcher's debounce: look at the files now.
        fixture.refresh();
    }

    @AfterEach
    void stop() {
        watcherLog.detachAppender(log);
        fixture.close();
    }

    /** ci reads {@code ciReads}; ops everything (and metrics); alice {@code *:prod:*} and orders; JWTs by secret. */
    static String settings(List<String> ciReads, String aliceHash, String hs256Secret, boolean withCi) {
        StringBuilder yaml = new StringBuilder("port: 0\nsecurity:\n  api-keys:\n");
        if (withCi) {
            yaml.append("    - {name: ci, key: \"" + CI_KEY + "\", read: " + yamlList(ciReads) + "}\n");
        }
        yaml.append("    - {name: ops, key: \"" + OPS_KEY + "\", read: ['*:*:*'], rights: [metrics]}\n");
        yaml.append("  users:\n");
        yaml.append("    - {name: alice, password-hash: \"" + aliceHash + "\", read: ['*:prod:*', 'orders:*:*']}\n");
        yaml.append("  jwt:\n    hs256-secret: \"" + hs256Secret + "\"\n    issuer: " + SecurityTest.ISSUER
                + "\n    audience: " + SecurityTest.AUDIENCE + "\n");
        return yaml.toString();
    }

    private static String yamlList(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").toList().toString();
    }

    /** Replaces the settings file at once, as an editor or a config map update would. */
    private void writeSettings(String content) {
        TestSettingsFiles.replace(settings, content);
    }

    /** Lets the server's poll come due; its timer looks every 250 ms of wall time. */
    private void pollInterval() {
        clock.advance(POLL);
    }

    /** {@code vortex_security_reloads_total} of {@code result}, read with the key that has the metrics right. */
    private double reloads(String result) {
        String series = "vortex_security_reloads_total{result=\"" + result + "\"}";
        return TestClient.prometheusSum(
                        fixture.http()
                                .get("/actuator/prometheus", "X-API-Key", OPS_KEY)
                                .body(),
                        line -> line.startsWith(series))
                .orElse(0);
    }

    private static String code(JsonNode message) {
        return message.get("code").asText();
    }

    @Test
    void removedApiKey_closesItsConnections_with1008_whileAnotherKeysConnectionKeepsReceiving() {
        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        WsTestClient ops = fixture.connect("/ws/orders/default?token=" + OPS_KEY);
        ci.next("config_snapshot");
        ops.next("config_snapshot");

        writeSettings(settings(List.of("orders:*:*"), WONDERLAND, SecurityTest.SECRET, false));
        pollInterval();

        JsonNode revoked = ci.next("error");
        assertThat(code(revoked)).isEqualTo("FORBIDDEN");
        assertThat(revoked.get("message").asText()).contains("'ci'").contains("no longer accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> ci.closeStatus() != null);
        assertThat(ci.closeStatus()).isEqualTo((short) 1008);
        // HTTP judges by the new settings too, at once.
        assertThat(fixture.http().get("/orders/default", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(401);

        fixture.write("orders.yml", "orders:\n  max-items: 51\n");
        fixture.refresh();
        // A change or a snapshot, whichever is smaller.
        assertThat(ops.next().toString()).contains("51");
        assertThat(ops.closeStatus()).isNull();
        assertThat(reloads("success")).isEqualTo(1);
        assertThat(log.list)
                .filteredOn(event -> event.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .contains("security settings reloaded from " + settings)
                        .contains("api keys +0 -1 ~0")
                        .contains("closed 1")
                        .doesNotContain(CI_KEY));
    }

    @Test
    void narrowedReadPatterns_dropAFollowedKeyAndItsPattern_andAPatternSkipsTheForbiddenKeyLater() {
        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        ci.next("config_snapshot");
        ci.send("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\"]}");
        ci.next("subscribed");
        fixture.http().get("/orders/prod", "X-API-Key", OPS_KEY);
        awaitKey(ci, "orders", "prod");

        // ci may now read orders:default only: the followed orders:prod is dropped, and the client is told.
        writeSettings(settings(List.of("orders:default:*"), WONDERLAND, SecurityTest.SECRET, true));
        fixture.server().reloadSettingsNow();

        JsonNode dropped = ci.next("error");
        assertThat(code(dropped)).isEqualTo("FORBIDDEN");
        assertThat(dropped.get("message").asText()).contains("orders:prod").contains("no longer pushed");

        // orders:prod changes, and a new orders key appears: neither reaches ci; its own key still does.
        fixture.write("orders-prod.yml", "orders:\n  max-items: 501\n");
        fixture.write("orders-eu.yml", "orders:\n  max-items: 7\n");
        fixture.refresh();
        fixture.http().get("/orders/eu", "X-API-Key", OPS_KEY);
        fixture.write("orders.yml", "orders:\n  max-items: 52\n");
        fixture.refresh();
        JsonNode own = ci.next();
        assertThat(own.get("profile").asText()).isEqualTo("default");
        assertThat(own.toString()).contains("52");
        assertThat(ci.drain(Duration.ofMillis(500)))
                .noneMatch(message -> message.has("profile")
                        && !message.get("profile").asText().equals("default"));
        assertThat(ci.received().toString()).doesNotContain("501").doesNotContain("\"eu\"");
        assertThat(ci.closeStatus()).isNull();
        assertThat(ci.violations()).isEmpty();
    }

    @Test
    void aPatternNoLongerAllowedAtAll_isUnsubscribed_withForbidden() {
        writeSettings(settings(List.of("billing:*:*", "orders:default:*"), WONDERLAND, SecurityTest.SECRET, true));
        fixture.server().reloadSettingsNow();
        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        ci.next("config_snapshot");
        ci.send("{\"type\":\"subscribe\",\"patterns\":[\"billing:*:*\"]}");
        ci.next("subscribed");
        awaitKey(ci, "billing", "default");

        writeSettings(settings(List.of("orders:default:*"), WONDERLAND, SecurityTest.SECRET, true));
        fixture.server().reloadSettingsNow();

        JsonNode error = ci.next("error");
        assertThat(code(error)).isEqualTo("FORBIDDEN");
        assertThat(error.get("message").asText()).contains("'billing:*:*'").contains("unsubscribed");
        assertThat(ci.next("unsubscribed").get("patterns").toString()).contains("billing:*:*");
        fixture.write("billing.yml", "billing:\n  provider: adyen\n");
        fixture.refresh();
        assertThat(ci.drain(Duration.ofMillis(500)).toString()).doesNotContain("adyen");
        assertThat(ci.closeStatus()).isNull();
    }

    @Test
    void widenedReadPatterns_bringTheNewKeysThroughTheSubscribedPattern() {
        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        ci.next("config_snapshot");
        ci.send("{\"type\":\"subscribe\",\"patterns\":[\"*:*:*\"]}");
        ci.next("subscribed");
        fixture.http().get("/billing/default", "X-API-Key", OPS_KEY);

        writeSettings(settings(List.of("*:*:*"), WONDERLAND, SecurityTest.SECRET, true));
        fixture.server().reloadSettingsNow();

        awaitKey(ci, "billing", "default");
        fixture.write("billing.yml", "billing:\n  provider: adyen\n");
        fixture.refresh();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ci.drain(Duration.ZERO).toString().contains("adyen")
                        || ci.received().toString().contains("adyen"));
        assertThat(ci.violations()).isEmpty();
    }

    @Test
    void changedPassword_refusesTheOldOneOnHttpAtOnce_andClosesTheUsersConnection() {
        String oldPassword = SecurityTest.basic("alice", "wonderland");
        assertThat(fixture.http()
                        .get("/orders/prod", "Authorization", oldPassword)
                        .statusCode())
                .isEqualTo(200);
        try (RawWebSocket socket = RawWebSocket.open(
                fixture.server().port(),
                "/ws/orders/prod",
                Duration.ofSeconds(10),
                0,
                "Sec-WebSocket-Version: 13",
                "Authorization: " + oldPassword)) {
            assertThat(socket.response()).startsWith("HTTP/1.1 101");

            writeSettings(settings(List.of("orders:*:*"), LOOKING_GLASS, SecurityTest.SECRET, true));
            pollInterval();

            // The 5-minute cache of verified passwords went with the old settings.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> fixture.http()
                                    .get("/orders/prod", "Authorization", oldPassword)
                                    .statusCode()
                            == 401);
            assertThat(fixture.http()
                            .get("/orders/prod", "Authorization", SecurityTest.basic("alice", "looking-glass"))
                            .statusCode())
                    .isEqualTo(200);
            StringBuilder texts = new StringBuilder();
            RawWebSocket.Frame frame = socket.next();
            while (frame.opcode() != RawWebSocket.CLOSE) {
                texts.append(frame.text());
                frame = socket.next();
            }
            assertThat(texts.toString()).contains("FORBIDDEN").contains("'alice' was removed or its password changed");
            assertThat(frame.closeStatus()).isEqualTo(1008);
        }
    }

    @Test
    void changedJwtSecret_closesConnectionsWhoseTokenNoLongerVerifies() {
        String token = SecurityTest.sign(
                JWSAlgorithm.HS256,
                SecurityTest.claims("svc", List.of("orders:*:*")).build());
        WsTestClient bearer = fixture.connect("/ws/orders/default?token=" + token);
        WsTestClient keyed = fixture.connect("/ws/orders/default?token=" + OPS_KEY);
        bearer.next("config_snapshot");
        keyed.next("config_snapshot");

        writeSettings(settings(List.of("orders:*:*"), WONDERLAND, OTHER_SECRET, true));
        fixture.server().reloadSettingsNow();

        JsonNode error = bearer.next("error");
        assertThat(code(error)).isEqualTo("FORBIDDEN");
        assertThat(error.get("message").asText()).contains("'svc'").contains("signature");
        await().atMost(Duration.ofSeconds(10)).until(() -> bearer.closeStatus() != null);
        assertThat(bearer.closeStatus()).isEqualTo((short) 1008);
        assertThat(fixture.http()
                        .get("/orders/default", "Authorization", "Bearer " + token)
                        .statusCode())
                .isEqualTo(401);
        assertThat(keyed.drain(Duration.ofMillis(300)))
                .noneMatch(m -> m.get("type").asText().equals("error"));
        assertThat(keyed.closeStatus()).isNull();
    }

    @Test
    void brokenSettingsFile_keepsTheSettingsInForce_andLogsOneErrorNamingFileAndProblem() {
        WsTestClient ci = fixture.connect("/ws/orders/default?token=" + CI_KEY);
        ci.next("config_snapshot");

        writeSettings("security:\n  api-keys: [{name: ci, key: \"" + CI_KEY + "\"\n");
        pollInterval();
        await().atMost(Duration.ofSeconds(10)).until(() -> reloads("failure") == 1);
        // Polled again, the same broken file is not reported again.
        pollInterval();
        fixture.server().reloadSettingsNow();

        assertThat(fixture.http().get("/orders/default", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(200);
        assertThat(ci.drain(Duration.ofMillis(300))).isEmpty();
        assertThat(ci.closeStatus()).isNull();
        List<String> errors = log.list.stream()
                .filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0))
                .contains(settings.toString())
                .contains("invalid settings file")
                .contains("stay");
        assertThat(errors.get(0)).doesNotContain(CI_KEY);

        // A valid YAML file with a bad security value is refused the same way, naming the value.
        writeSettings(settings(List.of("orders:*"), WONDERLAND, SecurityTest.SECRET, true));
        fixture.server().reloadSettingsNow();
        assertThat(reloads("failure")).isEqualTo(2);
        assertThat(log.list.get(log.list.size() - 1).getFormattedMessage())
                .contains("invalid pattern 'orders:*'")
                .contains(settings.toString());
        assertThat(fixture.http().get("/orders/default", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(200);

        // So is a key file that cannot be read: the realms are built before anything is swapped.
        Path missing = workDir.resolve("missing.pem");
        writeSettings(settings(List.of("*:*:*"), WONDERLAND, SecurityTest.SECRET, true)
                .replace("    issuer:", "    public-keys: ['" + missing + "']\n    issuer:"));
        fixture.server().reloadSettingsNow();
        assertThat(reloads("failure")).isEqualTo(3);
        assertThat(log.list.get(log.list.size() - 1).getFormattedMessage())
                .contains(missing.toString())
                .contains(settings.toString());
        assertThat(fixture.http().get("/billing/default", "X-API-Key", CI_KEY).statusCode())
                .isEqualTo(403);
        assertThat(reloads("success")).isZero();
    }

    @Test
    void otherSettingsChanged_areLoggedOnceAsNeedingARestart() {
        writeSettings(settings(List.of("orders:*:*"), WONDERLAND, SecurityTest.SECRET, true)
                .replace("port: 0", "port: 9999\ngit:\n  password: hunter2"));
        fixture.server().reloadSettingsNow();
        fixture.server().reloadSettingsNow();

        List<String> warnings = log.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("[git.password, port]")
                .contains("restart")
                .doesNotContain("hunter2");
        assertThat(reloads("success")).isZero();
    }

    @Test
    void credentialsTurnedOn_closeTheConnectionsOfAnOpenServer(@TempDir Path other) throws IOException {
        Path openSettings = other.resolve("open.yml");
        Files.writeString(openSettings, "port: 0\n");
        try (RealtimeFixture open = RealtimeFixture.start(
                Files.createDirectories(other.resolve("config")),
                builder -> TestSettingsFiles.from(builder, openSettings),
                clock)) {
            SecurityTest.writeRepository(open);
            open.refresh();
            WsTestClient anonymous = open.connect("/ws/orders/default");
            anonymous.next("config_snapshot");

            Files.writeString(openSettings, settings(List.of("*:*:*"), WONDERLAND, SecurityTest.SECRET, true));
            open.server().reloadSettingsNow();

            JsonNode error = anonymous.next("error");
            assertThat(code(error)).isEqualTo("FORBIDDEN");
            assertThat(error.get("message").asText()).contains("credentials are required now");
            await().atMost(Duration.ofSeconds(10)).until(() -> anonymous.closeStatus() != null);
            assertThat(anonymous.closeStatus()).isEqualTo((short) 1008);
            assertThat(open.http().get("/orders/default").statusCode()).isEqualTo(401);
            assertThat(open.http().get("/orders/default", "X-API-Key", CI_KEY).statusCode())
                    .isEqualTo(200);
        }
    }

    /** Waits until {@code client} has received a message of the key. */
    private static void awaitKey(WsTestClient client, String app, String profile) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            client.drain(Duration.ZERO);
            return client.received().stream()
                    .anyMatch(message -> message.has("app")
                            && message.get("app").asText().equals(app)
                            && message.get("profile").asText().equals(profile));
        });
    }
}
