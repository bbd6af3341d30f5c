package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.TestSettingsFiles;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the {@code security} section the HTTP API derives objects from, changed by a settings reload on a
 * real server over a real settings file: webhook secrets (added, then rotated: the new secret is accepted and the
 * removed one refused at once), CORS (turned on, then off) and the failure delay (its counts kept across reloads
 * of other parts, started again when its own settings change). The reload is {@code reloadSettingsNow()}; the
 * server's clock stands still, so no poll and no failure window interferes.
 */
class SecurityReloadHttpTest {
    private static final String OLD_SECRET = "old-github-secret-0123456789";
    private static final String NEW_SECRET = "new-github-secret-0123456789";
    private static final String APP = "https://app.example.test";
    private static final String OPS_KEY = "ops-key-0123456789abcdef";
    private static final String WRONG_KEY = "wrong-key-0123456789abcdef";
    /** ops reads everything and may read the metrics. */
    private static final String OPS =
            "    - {name: ops, key: \"" + OPS_KEY + "\", read: ['*:*:*'], rights: [metrics]}\n";

    @TempDir
    Path workDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Path settings;
    private VortexServer server;
    private TestClient http;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void webhookSecretAddedByReload_closesUnsignedPushes_andARotationSwapsTheSecretAtOnce() {
        // An open server, whose failure delay is off so that the refusals below stay prompt.
        start("security:\n  failure-delay: {enabled: false}\n");
        assertThat(push(null).statusCode()).isEqualTo(200);

        reload("security:\n  failure-delay: {enabled: false}\n  webhooks:\n    github: \"" + OLD_SECRET + "\"\n");

        HttpResponse<String> unsigned = push(null);
        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(401);
        assertThat(unsigned.body()).contains("X-Hub-Signature-256");
        assertThat(push(OLD_SECRET).statusCode()).isEqualTo(200);
        assertThat(push(NEW_SECRET).statusCode()).isEqualTo(401);

        // Rotation: both while the Git host is switched over, then the new one alone.
        reload("security:\n  failure-delay: {enabled: false}\n  webhooks:\n    github: [\"" + NEW_SECRET + "\", \""
                + OLD_SECRET + "\"]\n");
        assertThat(push(NEW_SECRET).statusCode()).isEqualTo(200);
        assertThat(push(OLD_SECRET).statusCode()).isEqualTo(200);

        reload("security:\n  failure-delay: {enabled: false}\n  webhooks:\n    github: \"" + NEW_SECRET + "\"\n");
        HttpResponse<String> removed = push(OLD_SECRET);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(401);
        assertThat(removed.body()).contains("does not match the body under any configured github secret");
        assertThat(push(NEW_SECRET).statusCode()).isEqualTo(200);

        // Secrets removed: /monitor is judged as on any open server again.
        reload("security:\n  failure-delay: {enabled: false}\n");
        assertThat(push(null).statusCode()).isEqualTo(200);
    }

    @Test
    void corsTurnedOnByReload_answersPreflights_andTurnedOffAgain_leavesAnswersAsTheyWere() {
        start("security:\n  api-keys:\n" + OPS);
        String before = preflight();
        assertThat(before).doesNotContainIgnoringCase("Access-Control-Allow-Origin");

        reload("security:\n  api-keys:\n" + OPS + "  cors:\n    allowed-origins: [" + APP
                + "]\n    max-age-seconds: 120\n");

        String preflight = preflight();
        assertThat(TestClient.status(preflight)).as(preflight).isEqualTo(204);
        assertThat(preflight)
                .containsIgnoringCase("Access-Control-Allow-Origin: " + APP)
                .containsIgnoringCase("Access-Control-Max-Age: 120");
        HttpResponse<String> actual = http.get("/orders/default", "Origin", APP, "X-API-Key", OPS_KEY);
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(http.get("/orders/default", "Origin", "https://evil.example.test", "X-API-Key", OPS_KEY)
                        .statusCode())
                .isEqualTo(403);

        reload("security:\n  api-keys:\n" + OPS);

        assertThat(preflight()).doesNotContainIgnoringCase("Access-Control-Allow-Origin");
        assertThat(http.get("/orders/default", "Origin", "https://evil.example.test", "X-API-Key", OPS_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void failureDelayChangedByReload_holdsFailures_keepsCountsAcrossOtherReloads_andStartsThemAgainOnItsOwn() {
        start("security:\n  api-keys:\n" + OPS + "  failure-delay: {enabled: false}\n");
        for (int i = 0; i < 3; i++) {
            assertThat(failedAttempt()).isEqualTo(401);
        }
        assertThat(delayed()).isZero();

        // Short holds: the metric tells a held answer, the 401 still comes.
        String delay = "  failure-delay: {after: 2, first-delay-millis: 50, max-delay-millis: 50}\n";
        reload("security:\n  api-keys:\n" + OPS + delay);
        assertThat(failedAttempt()).isEqualTo(401);
        assertThat(failedAttempt()).isEqualTo(401);
        assertThat(delayed()).isZero();
        assertThat(failedAttempt()).isEqualTo(401);
        assertThat(delayed()).isEqualTo(1);

        // Another part changes (a new key): the address's count stays, so its next failure is held too.
        reload("security:\n  api-keys:\n" + OPS
                + "    - {name: ci, key: \"ci-key-0123456789abcdef\", read: ['*:*:*']}\n" + delay);
        assertThat(failedAttempt()).isEqualTo(401);
        assertThat(delayed()).isEqualTo(2);

        // The failure delay's own settings change: counting starts again.
        reload("security:\n  api-keys:\n" + OPS + delay.replace("after: 2", "after: 3"));
        for (int i = 0; i < 3; i++) {
            assertThat(failedAttempt()).isEqualTo(401);
        }
        assertThat(delayed()).isEqualTo(2);
        assertThat(failedAttempt()).isEqualTo(401);
        assertThat(delayed()).isEqualTo(3);
    }

    /** Starts a server over a native repository with {@code security} as its settings file. */
    private void start(String security) {
        try {
            Path repo = Files.createDirectories(workDir.resolve("config"));
            Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
            settings = workDir.resolve("vortex.yml");
            write(security);
            server = VortexServer.start(
                    TestSettingsFiles.from(TestServers.nativeSettings(repo), settings)
                            .build(),
                    clock);
            http = new TestClient(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the settings file at once and has the server read it. */
    private void reload(String security) {
        write(security);
        server.reloadSettingsNow();
    }

    private void write(String security) {
        TestSettingsFiles.replace(settings, "port: 0\n" + security);
    }

    /** A GitHub push to {@code /monitor}, signed with {@code secret} ({@code null}: unsigned), no credentials. */
    private HttpResponse<String> push(String secret) {
        String body = MonitorPayloadParserTest.GITHUB_PUSH;
        return secret == null
                ? http.post("/monitor", "application/json", body, "X-GitHub-Event", "push")
                : http.post(
                        "/monitor",
                        "application/json",
                        body,
                        "X-GitHub-Event",
                        "push",
                        "X-Hub-Signature-256",
                        "sha256=" + WebhookSignatureTest.hmac(secret, body));
    }

    /** A browser's preflight for a {@code GET} with {@code X-API-Key} from {@link #APP}, as the raw answer. */
    private String preflight() {
        return http.raw("OPTIONS /orders/default HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + APP
                + "\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: X-API-Key\r\n"
                + "Connection: close\r\n\r\n");
    }

    /** The status of a read with a key the server does not know. */
    private int failedAttempt() {
        return http.get("/orders/default", "X-API-Key", WRONG_KEY).statusCode();
    }

    /** {@code vortex_auth_failures_delayed_total}, read with the key that may read the metrics. */
    private double delayed() {
        String metrics = http.get("/actuator/prometheus", "X-API-Key", OPS_KEY).body();
        return TestClient.prometheusSum(metrics, line -> line.startsWith("vortex_auth_failures_delayed_total"))
                .orElseThrow(() -> new AssertionError("no vortex_auth_failures_delayed_total in " + metrics));
    }
}
