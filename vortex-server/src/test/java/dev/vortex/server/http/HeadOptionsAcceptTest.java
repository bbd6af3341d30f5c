package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code HEAD}, {@code OPTIONS} and {@code Accept} answered as Spring Cloud Config Server answers them. */
class HeadOptionsAcceptTest {
    /** HTTP/1.1, as Spring's clients speak it (the JDK's client would otherwise upgrade to h2c). */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(VortexServer server, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void head_isTheGetWithoutItsBody_andOptionsNamesTheMethods() throws Exception {
        Files.writeString(dir.resolve("orders.yml"), "a: 1\n");
        try (VortexServer server = TestServers.startNative(dir)) {
            HttpResponse<String> head = send(server, "HEAD", "/orders/default");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(head.body()).isEmpty();
            assertThat(send(server, "HEAD", "/orders/default/master/missing.txt")
                            .statusCode())
                    .isEqualTo(404);

            HttpResponse<String> options = send(server, "OPTIONS", "/orders/default");
            assertThat(options.statusCode()).isEqualTo(200);
            assertThat(options.headers().firstValue("Allow")).contains("GET,HEAD,OPTIONS");
            assertThat(options.body()).isEmpty();
            assertThat(send(server, "OPTIONS", "/encrypt").headers().firstValue("Allow"))
                    .contains("POST,OPTIONS");
            assertThat(send(server, "OPTIONS", "/cache").headers().firstValue("Allow"))
                    .contains("DELETE,OPTIONS");
        }
    }

    @Test
    void anAcceptTheEnvironmentCannotSatisfy_is406_andBrowsersAndWildcardsAreServed() throws Exception {
        Files.writeString(dir.resolve("orders.yml"), "a: 1\n");
        try (VortexServer server = TestServers.startNative(dir)) {
            HttpResponse<String> refused = send(server, "GET", "/orders/default", "Accept", "image/png");
            assertThat(refused.statusCode()).isEqualTo(406);
            assertThat(refused.body()).isEmpty();
            assertThat(send(server, "GET", "/orders/default", "Accept", "application/json;q=0")
                            .statusCode())
                    .isEqualTo(406);

            for (String accept : new String[] {
                "application/json",
                "application/*",
                "*/*",
                "text/html,application/xhtml+xml,*/*;q=0.8",
                // What Spring's config client sends.
                "application/vnd.spring-cloud.config-server.v2+json"
            }) {
                assertThat(send(server, "GET", "/orders/default", "Accept", accept)
                                .statusCode())
                        .as(accept)
                        .isEqualTo(200);
            }
        }
    }
}
