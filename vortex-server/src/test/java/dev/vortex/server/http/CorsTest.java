package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.RealtimeFixture;
import dev.vortex.server.security.CorsSettings;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.WebhookSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CORS on a real server with API keys, over real HTTP requests shaped like a browser's: a preflight from a
 * listed origin is answered before any credentials are asked for; an actual request from it carries the CORS
 * headers, refused or not; another origin is refused with 403, preflight or not; the server's own origin and
 * non-browser clients pass untouched; and without {@code security.cors} the answers are what they were.
 */
class CorsTest {
    private static final String APP = "https://app.example.test";
    private static final String KEY = "reader-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(
            settings -> settings.security(security()),
            started -> started.write("orders.yml", "orders:\n  max-items: 50\n"));

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private static SecuritySettings security() {
        CorsSettings cors = new CorsSettings(
                List.of(APP, "http://localhost:3000"),
                CorsSettings.DEFAULT_METHODS,
                CorsSettings.DEFAULT_HEADERS,
                List.of("X-Vortex-Version"),
                true,
                Duration.ofMinutes(5));
        return new SecuritySettings(
                List.of(new SecuritySettings.ApiKey("reader", KEY, Grants.parse(List.of("*:*:*"), List.of()))),
                List.of(),
                null,
                true,
                List.of(),
                WebhookSecrets.NONE,
                cors,
                FailureDelaySettings.DEFAULT);
    }

    @Test
    void preflight_fromAListedOrigin_isAnsweredBeforeAnyCredentials() {
        HttpResponse<String> response = send(
                "OPTIONS",
                "/orders/default",
                "Origin",
                APP,
                "Access-Control-Request-Method",
                "GET",
                "Access-Control-Request-Headers",
                "X-API-Key");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(header(response, "Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(header(response, "Access-Control-Allow-Methods")).contains("GET", "POST", "DELETE");
        assertThat(header(response, "Access-Control-Allow-Headers")).contains("X-API-Key", "Authorization");
        assertThat(header(response, "Access-Control-Max-Age")).isEqualTo("300");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void actualRequest_fromAListedOrigin_carriesTheCorsHeaders_servedOrRefused() {
        HttpResponse<String> served = send("GET", "/orders/default", "Origin", APP, "X-API-Key", KEY);
        HttpResponse<String> refused = send("GET", "/orders/default", "Origin", APP);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(header(served, "Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(header(served, "Access-Control-Expose-Headers")).isEqualTo("X-Vortex-Version");
        assertThat(served.headers().allValues("Vary")).anyMatch(vary -> vary.equalsIgnoreCase("Origin"));
        // The page can read why it was refused.
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(header(refused, "Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void anotherOrigin_isRefused403_asJson_preflightOrNot_andCannotTriggerARefresh() {
        String evil = "https://evil.example.test";
        HttpResponse<String> preflight =
                send("OPTIONS", "/orders/default", "Origin", evil, "Access-Control-Request-Method", "GET");
        HttpResponse<String> read = send("GET", "/orders/default", "Origin", evil, "X-API-Key", KEY);
        HttpResponse<String> monitor = client(request("POST", "/monitor", "Origin", evil)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("POST", HttpRequest.BodyPublishers.ofString("path=orders.yml")));

        for (HttpResponse<String> response : List.of(preflight, read, monitor)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(TestClient.json(response.body()).get("message").asText())
                    .isEqualTo("origin 'https://evil.example.test' may not call this API"
                            + " (not in security.cors.allowed-origins)");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
        assertThat(send("GET", "/orders/default", "Origin", "null", "X-API-Key", KEY)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theServersOwnOrigin_andClientsWithoutOrigin_passWithoutCorsHeaders() {
        HttpResponse<String> sameOrigin = send(
                "GET",
                "/orders/default",
                "Origin",
                "http://127.0.0.1:" + fixture.server().port(),
                "X-API-Key",
                KEY);
        HttpResponse<String> noOrigin = send("GET", "/orders/default", "X-API-Key", KEY);
        HttpResponse<String> plainOptions = send("OPTIONS", "/monitor");

        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(noOrigin.statusCode()).isEqualTo(200);
        assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(plainOptions.statusCode()).isEqualTo(200);
        assertThat(header(plainOptions, "Allow")).isEqualTo("POST,OPTIONS");
    }

    @Test
    void withoutCorsSettings_answersAreUnchanged(@TempDir Path otherRepo) throws IOException {
        Files.writeString(otherRepo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        try (VortexServer open = TestServers.startNative(otherRepo)) {
            URI uri = URI.create("http://127.0.0.1:" + open.port() + "/orders/default");
            HttpResponse<String> preflight = client(HttpRequest.newBuilder(uri)
                    .header("Origin", APP)
                    .header("Access-Control-Request-Method", "GET")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> read =
                    client(HttpRequest.newBuilder(uri).header("Origin", APP).GET());

            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(header(preflight, "Allow")).isEqualTo("GET,HEAD,OPTIONS");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void badCorsSettings_areRefused_namingTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CorsSettings(
                        List.of("app.example.test"), List.of(), List.of(), List.of(), false, Duration.ZERO))
                .hasMessageContaining("'app.example.test' is not an origin");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new CorsSettings(List.of("*"), List.of(), List.of(), List.of(), true, Duration.ZERO))
                .hasMessageContaining("allow-credentials cannot be true with allowed-origins '*'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new CorsSettings(List.of(APP), List.of("PATCH"), List.of(), List.of(), false, Duration.ZERO))
                .hasMessageContaining("'PATCH' is not a method of this API");
    }

    private HttpResponse<String> send(String method, String path, String... headers) {
        return client(request(method, path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fixture.server().port() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponse<String> client(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
