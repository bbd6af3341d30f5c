package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestGitRepositories;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.security.CorsSettings;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.WebhookProvider;
import dev.vortex.server.security.WebhookSecrets;
import dev.vortex.server.security.WebhookVerifierTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed push webhooks on a real server over a real Git remote, with real HTTP requests shaped like each Git
 * host's: a push signed with the configured secret makes the server fetch (the remote's new commit is served at
 * once, though the poll is an hour away) without other credentials; a wrong, malformed or missing signature, a
 * signature of another body, and a wrong GitLab token are refused with 401 as JSON and counted; credentials with
 * the {@code refresh} right still do without a signature. The failure delay is off here, so that the many
 * refusals from 127.0.0.1 stay prompt (it has its own test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSignatureTest {
    private static final String GITHUB = "github-secret-0123456789";
    private static final String GITLAB = "gitlab-token-0123456789";
    private static final String GITEA = "gitea-secret-0123456789";
    private static final String GOGS = "gogs-secret-0123456789";
    private static final String BITBUCKET = "bitbucket-secret-0123456789";
    private static final String GITEE = "gitee-secret-0123456789";
    private static final String REFRESH_KEY = "ci-key-0123456789abcdef";
    private static final String READ_KEY = "reader-key-0123456789abcdef";
    private static final String METRICS_KEY = "ops-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final WebhookSecrets SECRETS = new WebhookSecrets(Map.of(
            WebhookProvider.GITHUB, List.of(GITHUB),
            WebhookProvider.GITLAB, List.of(GITLAB),
            WebhookProvider.GITEA, List.of(GITEA),
            WebhookProvider.GOGS, List.of(GOGS),
            WebhookProvider.BITBUCKET, List.of(BITBUCKET),
            WebhookProvider.GITEE, List.of(GITEE)));

    private Path remote;
    private VortexServer server;
    private TestClient http;
    private final AtomicInteger version = new AtomicInteger(1);

    @BeforeAll
    void startServer(@TempDir Path work) throws Exception {
        remote = TestGitRepositories.create(work.resolve("remote"), Map.of("orders.yml", "orders:\n  version: 1\n"));
        SecuritySettings security = new SecuritySettings(
                List.of(
                        new SecuritySettings.ApiKey(
                                "ci", REFRESH_KEY, Grants.parse(List.of("*:*:*"), List.of("refresh"))),
                        new SecuritySettings.ApiKey("reader", READ_KEY, Grants.parse(List.of("*:*:*"), List.of())),
                        new SecuritySettings.ApiKey(
                                "ops", METRICS_KEY, Grants.parse(List.of("*:*:*"), List.of("metrics")))),
                List.of(),
                null,
                true,
                List.of(),
                SECRETS,
                CorsSettings.NONE,
                withoutDelay());
        server = VortexServer.start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .gitUri(remote.toUri().toString())
                .gitBasedir(work.resolve("clone"))
                .gitRefreshInterval(Duration.ofHours(1))
                .security(security)
                .build());
        http = new TestClient(server.port());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    static FailureDelaySettings withoutDelay() {
        FailureDelaySettings defaults = FailureDelaySettings.DEFAULT;
        return new FailureDelaySettings(
                false,
                defaults.after(),
                defaults.window(),
                defaults.firstDelay(),
                defaults.maxDelay(),
                defaults.maxAddresses());
    }

    @Test
    void githubPush_signed_isFetchedAtOnce_withoutOtherCredentials() throws Exception {
        int next = pushNewVersion();
        String body = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> response = monitor(
                "application/json",
                body,
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + hmac(GITHUB, body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).contains("orders-prod", "payments");
        awaitServed(next);
    }

    @Test
    void githubPush_asASignedForm_isVerifiedOverTheRawFormBytes() throws Exception {
        int next = pushNewVersion();
        String body = "payload=" + URLEncoder.encode(MonitorPayloadParserTest.GITHUB_PUSH, StandardCharsets.UTF_8);

        HttpResponse<String> response = monitor(
                "application/x-www-form-urlencoded",
                body,
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + hmac(GITHUB, body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        awaitServed(next);
    }

    @Test
    void gitlabPush_withItsToken_isFetched() throws Exception {
        int next = pushNewVersion();

        HttpResponse<String> response = monitor(
                "application/json",
                MonitorPayloadParserTest.GITLAB_PUSH,
                "X-Gitlab-Event",
                "Push Hook",
                "X-Gitlab-Token",
                GITLAB);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).contains("orders", "*");
        awaitServed(next);
    }

    @Test
    void giteePushes_signedWithATimestamp_orCarryingThePassword_areFetched_andAnOldSignatureIsNot() throws Exception {
        int next = pushNewVersion();
        String body = MonitorPayloadParserTest.GITHUB_PUSH;
        long now = System.currentTimeMillis();
        String signature = dev.vortex.server.security.WebhookVerifierTest.giteeSignature(GITEE, now);

        HttpResponse<String> signed = monitor(
                "application/json",
                body,
                "X-Gitee-Event",
                "Push Hook",
                "X-Gitee-Token",
                signature,
                "X-Gitee-Timestamp",
                Long.toString(now));

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        awaitServed(next);

        next = pushNewVersion();
        HttpResponse<String> password =
                monitor("application/json", body, "X-Gitee-Event", "Push Hook", "X-Gitee-Token", GITEE);

        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        awaitServed(next);

        long twoHoursAgo = now - 7_200_000;
        HttpResponse<String> replayed = monitor(
                "application/json",
                body,
                "X-Gitee-Event",
                "Push Hook",
                "X-Gitee-Token",
                dev.vortex.server.security.WebhookVerifierTest.giteeSignature(GITEE, twoHoursAgo),
                "X-Gitee-Timestamp",
                Long.toString(twoHoursAgo));

        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("X-Gitee-Timestamp is more than 1 hour");
    }

    @Test
    void giteaAndGogsPushes_withTheirOwnSignatureHeaders_areFetched() throws Exception {
        int next = pushNewVersion();
        String body = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> gitea =
                monitor("application/json", body, "X-Gitea-Event", "push", "X-Gitea-Signature", hmac(GITEA, body));

        assertThat(gitea.statusCode()).as(gitea.body()).isEqualTo(200);
        awaitServed(next);

        next = pushNewVersion();
        HttpResponse<String> gogs =
                monitor("application/json", body, "X-Gogs-Event", "push", "X-Gogs-Signature", hmac(GOGS, body));

        assertThat(gogs.statusCode()).as(gogs.body()).isEqualTo(200);
        awaitServed(next);
    }

    @Test
    void bitbucketCloudAndServerPushes_signedInXHubSignature_areFetched() throws Exception {
        int next = pushNewVersion();
        String cloud = MonitorPayloadParserTest.BITBUCKET_CLOUD_PUSH;

        HttpResponse<String> cloudResponse = monitor(
                "application/json",
                cloud,
                "X-Event-Key",
                "repo:push",
                "X-Hook-UUID",
                "7f4c2a8e-0000-4000-8000-000000000001",
                "X-Hub-Signature",
                "sha256=" + hmac(BITBUCKET, cloud));

        assertThat(cloudResponse.statusCode()).as(cloudResponse.body()).isEqualTo(200);
        assertThat(names(cloudResponse)).containsExactly("*");
        awaitServed(next);

        next = pushNewVersion();
        String server = MonitorPayloadParserTest.BITBUCKET_SERVER_REFS_CHANGED;
        HttpResponse<String> serverResponse = monitor(
                "application/json",
                server,
                "X-Event-Key",
                "repo:refs_changed",
                "X-Request-Id",
                "b1c2d3e4-0000-4000-8000-000000000002",
                "X-Hub-Signature",
                "sha256=" + hmac(BITBUCKET, server));

        assertThat(serverResponse.statusCode()).as(serverResponse.body()).isEqualTo(200);
        awaitServed(next);
    }

    @Test
    void wrongSignature_isRefused401_asJson_countedAsWebhook_andTheSecretNeverShows() {
        double before = failures();
        String body = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> response = monitor(
                "application/json",
                body,
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + hmac("an-attackers-guess-0123", body));

        assertRefused(response, "X-Hub-Signature-256 does not match the body under any configured github secret");
        assertThat(response.body()).doesNotContain(GITHUB);
        assertThat(failures()).isEqualTo(before + 1);
    }

    @Test
    void signatureOfAnotherBody_isRefused() {
        String signed = MonitorPayloadParserTest.GITHUB_PING;
        String sent = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> response = monitor(
                "application/json",
                sent,
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + hmac(GITHUB, signed));

        assertRefused(response, "does not match the body");
    }

    @Test
    void malformedSignature_isRefused_sayingWhatWasExpected() {
        String body = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> response =
                monitor("application/json", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", hmac(GITHUB, body));

        assertRefused(response, "X-Hub-Signature-256 is malformed: expected 'sha256=' and 64 hex digits");
    }

    @Test
    void wrongGitlabToken_isRefused() {
        HttpResponse<String> response = monitor(
                "application/json",
                MonitorPayloadParserTest.GITLAB_PUSH,
                "X-Gitlab-Event",
                "Push Hook",
                "X-Gitlab-Token",
                GITHUB);

        assertRefused(response, "X-Gitlab-Token matches no configured gitlab token");
    }

    @Test
    void noSignatureAndNoCredentials_isRefused_namingWhatWouldDo_andCounted() {
        double before = failures();

        HttpResponse<String> response =
                monitor("application/json", MonitorPayloadParserTest.GITHUB_PUSH, "X-GitHub-Event", "push");

        assertRefused(
                response,
                "POST /monitor needs a webhook signature (X-Hub-Signature-256, X-Gitlab-Token, X-Gitea-Signature,"
                        + " X-Gogs-Signature, X-Hub-Signature, X-Gitee-Token) or credentials with the 'refresh' right");
        assertThat(response.headers().allValues("WWW-Authenticate")).anyMatch(value -> value.startsWith("ApiKey"));
        assertThat(failures()).isEqualTo(before + 1);
    }

    @Test
    void refreshRight_stillDoes_withoutASignature_butNotAKeyWithoutIt() throws Exception {
        int next = pushNewVersion();

        HttpResponse<String> withRight =
                monitor("application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", REFRESH_KEY);

        assertThat(withRight.statusCode()).as(withRight.body()).isEqualTo(200);
        awaitServed(next);

        HttpResponse<String> withoutRight =
                monitor("application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", READ_KEY);
        assertThat(withoutRight.statusCode()).as(withoutRight.body()).isEqualTo(403);
        assertThat(TestClient.json(withoutRight.body()).get("message").asText())
                .isEqualTo("'reader' lacks the right 'refresh'");

        HttpResponse<String> badKey =
                monitor("application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", "unknown-key-0123456789");
        assertThat(badKey.statusCode()).isEqualTo(401);
    }

    @Test
    void anotherSpellingOfThePath_needsTheSameRight() {
        HttpResponse<String> monitor =
                monitor("application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", READ_KEY);
        HttpResponse<String> trailingSlash =
                http.post("/monitor/", "application/x-www-form-urlencoded", "path=orders.yml", "X-API-Key", READ_KEY);
        HttpResponse<String> metrics = http.get("/actuator/prometheus/", "X-API-Key", READ_KEY);

        assertThat(monitor.statusCode()).isEqualTo(403);
        assertThat(trailingSlash.statusCode()).as(trailingSlash.body()).isEqualTo(403);
        assertThat(metrics.statusCode()).as(metrics.body()).isIn(403, 404);
    }

    @Test
    void aSignedPush_doesNotOpenOtherRoutes() {
        String body = MonitorPayloadParserTest.GITHUB_PUSH;

        HttpResponse<String> response =
                http.get("/orders/default", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB, body));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void openServer_withAWebhookSecret_requiresTheSignatureOnMonitorOnly(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  version: 1\n");
        SecuritySettings secretOnly = new SecuritySettings(
                List.of(), List.of(), null, true, List.of(), SECRETS, CorsSettings.NONE, withoutDelay());
        try (VortexServer open = VortexServer.start(
                TestServers.nativeSettings(repo).security(secretOnly).build())) {
            TestClient client = new TestClient(open.port());
            String body = MonitorPayloadParserTest.GITHUB_PUSH;

            HttpResponse<String> unsigned = client.post("/monitor", "application/json", body, "X-GitHub-Event", "push");
            HttpResponse<String> signed = client.post(
                    "/monitor",
                    "application/json",
                    body,
                    "X-GitHub-Event",
                    "push",
                    "X-Hub-Signature-256",
                    "sha256=" + hmac(GITHUB, body));

            assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(401);
            // The same route under another spelling of its path needs the signature just as well.
            for (String path : List.of("/monitor/", "//monitor", "/./monitor")) {
                HttpResponse<String> other = client.post(path, "application/json", body, "X-GitHub-Event", "push");
                assertThat(other.statusCode()).as(path + " " + other.body()).isIn(400, 401, 404);
            }
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            assertThat(client.get("/orders/default").statusCode()).isEqualTo(200);
            assertThat(client.delete("/cache").statusCode()).isEqualTo(204);
        }
    }

    /** Commits a new {@code orders.version} to the remote; the server sees it only when it fetches. */
    private int pushNewVersion() throws Exception {
        int next = version.incrementAndGet();
        TestGitRepositories.commit(remote, Map.of("orders.yml", "orders:\n  version: " + next + "\n"), "v" + next);
        return next;
    }

    private void awaitServed(int expected) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode sources = TestClient.json(
                            http.get("/orders/default", "X-API-Key", READ_KEY).body())
                    .get("propertySources");
            assertThat(sources.get(0).get("source").get("orders.version").asInt())
                    .isGreaterThanOrEqualTo(expected);
        });
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode error = TestClient.json(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(401);
        assertThat(error.get("path").asText()).isEqualTo("/monitor");
        assertThat(error.get("message").asText()).contains(message);
    }

    private double failures() {
        return TestClient.prometheusSum(
                        http.get("/actuator/prometheus", "X-API-Key", METRICS_KEY)
                                .body(),
                        line -> line.startsWith("vortex_auth_failures_total{") && line.contains("scheme=\"webhook\""))
                .orElse(0);
    }

    private HttpResponse<String> monitor(String contentType, String body, String... headers) {
        return http.post("/monitor", contentType, body, headers);
    }

    private static List<String> names(HttpResponse<String> response) {
        List<String> names = new ArrayList<>();
        TestClient.json(response.body()).forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The hex HMAC-SHA256 of {@code body} (UTF-8) under {@code secret}: what the Git hosts send. */
    static String hmac(String secret, String body) {
        return WebhookVerifierTest.hmac(secret, body.getBytes(StandardCharsets.UTF_8));
    }
}
