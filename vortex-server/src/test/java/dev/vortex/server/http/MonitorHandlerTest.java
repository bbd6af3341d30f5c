package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /monitor} through a real Vert.x HTTP server on a free port, routed as {@link HttpApi} is meant to
 * route it (body handler, the handler, the one error responder), with a counter in place of the refresher.
 */
class MonitorHandlerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicInteger refreshes = new AtomicInteger();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/monitor")
                .handler(MonitorHandler.bodyHandler())
                .handler(new MonitorHandler(refreshes::incrementAndGet));
        ErrorResponder errors = new ErrorResponder(Clock.systemUTC());
        router.route().failureHandler(errors);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void githubPush_answersTheApplicationNames_andTriggersOneRefresh() {
        HttpResponse<String> response = postJson(MonitorPayloadParserTest.GITHUB_PUSH, "X-GitHub-Event", "push");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(names(response)).containsExactly("orders:prod", "orders-prod", "payments", "legacy");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void gitlabPush_touchingApplicationYml_answersAll() {
        HttpResponse<String> response = postJson(MonitorPayloadParserTest.GITLAB_PUSH, "X-Gitlab-Event", "Push Hook");

        assertThat(names(response)).containsExactly("*", "orders");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void bitbucketCloudPush_answersAll() {
        HttpResponse<String> response = postJson(
                MonitorPayloadParserTest.BITBUCKET_CLOUD_PUSH, "X-Event-Key", "repo:push", "X-Hook-UUID", "b3e0e7b2");

        assertThat(names(response)).containsExactly("*");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void bitbucketServerRefsChanged_answersAll() {
        HttpResponse<String> response =
                postJson(MonitorPayloadParserTest.BITBUCKET_SERVER_REFS_CHANGED, "X-Event-Key", "repo:refs_changed");

        assertThat(names(response)).containsExactly("*");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void formWithSeveralPaths_answersTheirNames_likeSpringCloudConfigMonitor() {
        HttpResponse<String> response =
                postForm("path=%2Ffoo%2Fbar.properties&path=%2Fapplication.properties&path=orders-prod.yml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(names(response)).containsExactly("bar", "*", "orders:prod", "orders-prod");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void formWithGitHubPayloadField_isReadAsTheGitHubPush() {
        String form = "payload="
                + java.net.URLEncoder.encode(
                        MonitorPayloadParserTest.GITHUB_PUSH, java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = postForm(form, "X-GitHub-Event", "push");

        assertThat(names(response)).contains("payments");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void formWithoutPath_isBadRequest_namingTheMissingField() {
        HttpResponse<String> response = postForm("file=orders.yml");

        assertBadRequest(response, "'path'");
    }

    @Test
    void githubPing_answersAnEmptyList_andTriggersNothing() {
        HttpResponse<String> response = postJson(MonitorPayloadParserTest.GITHUB_PING, "X-GitHub-Event", "ping");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(names(response)).isEmpty();
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void malformedJson_isBadRequest_namingWhereItBroke_withoutEchoingTheBody() {
        HttpResponse<String> response = postJson("{\"commits\": [SECRET-TOKEN-1234", "X-GitHub-Event", "push");

        assertBadRequest(response, "not valid JSON (line 1");
        assertThat(response.body()).doesNotContain("SECRET-TOKEN-1234");
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void trailingGarbageAfterTheJson_isBadRequest() {
        HttpResponse<String> response = postJson("{\"path\": \"orders.yml\"} trailing", "X-GitHub-Event", "push");

        assertBadRequest(response, "not valid JSON");
    }

    @Test
    void missingBody_isBadRequest() {
        HttpResponse<String> response = postJson("", "X-GitHub-Event", "push");

        assertBadRequest(response, "body is empty");
    }

    @Test
    void jsonArrayBody_isBadRequest_sayingAnObjectIsExpected() {
        HttpResponse<String> response = postJson("[\"orders.yml\"]", "X-GitHub-Event", "push");

        assertBadRequest(response, "must be a JSON object, was array");
    }

    @Test
    void bodyOverOneMebibyte_isRefusedWith413() {
        String big = "{\"path\": \"" + "x".repeat((int) MonitorHandler.BODY_LIMIT_BYTES) + "\"}";

        HttpResponse<String> response = postJson(big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void bodyJustUnderTheLimit_isAccepted() {
        StringBuilder paths = new StringBuilder("\"config/app-0.yml\"");
        for (int i = 1; paths.length() < MonitorHandler.BODY_LIMIT_BYTES - 1000; i++) {
            paths.append(",\"config/app-").append(i).append(".yml\"");
        }
        String body = "{\"path\": [" + paths + "]}";

        HttpResponse<String> response = postJson(body);

        assertThat(body.length()).isLessThan((int) MonitorHandler.BODY_LIMIT_BYTES);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(refreshes).hasValue(1);
    }

    private static void assertBadRequest(HttpResponse<String> response, String messagePart) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = TestClient.json(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("path").asText()).isEqualTo("/monitor");
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    private static List<String> names(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        TestClient.json(response.body()).forEach(name -> names.add(name.asText()));
        return names;
    }

    private HttpResponse<String> postJson(String body, String... headers) {
        return post("application/json", body, headers);
    }

    private HttpResponse<String> postForm(String body, String... headers) {
        return post("application/x-www-form-urlencoded", body, headers);
    }

    private HttpResponse<String> post(String contentType, String body, String... headers) {
        return new TestClient(port).post("/monitor", contentType, body, headers);
    }
}
