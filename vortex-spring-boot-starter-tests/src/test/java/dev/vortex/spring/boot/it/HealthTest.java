package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code /actuator/health} of a real web application shows the connection, and its loss. */
class HealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The {@code vortex} component of a web application's {@code /actuator/health}. */
    static JsonNode vortexHealth(ConfigurableApplicationContext app) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("components").path("vortex");
    }

    @Test
    void health_showsStateKeyAndVersion_andTheLossOfTheServer() throws Exception {
        VortexServer vortex = VortexServer.start(dir.resolve("repo"));
        vortex.write("orders.yml", "orders:\n  max-items: 1\n");
        try (ConfigurableApplicationContext app = OrdersApplication.run(
                WebApplicationType.SERVLET,
                "--spring.config.import=vortex:" + vortex.url(),
                "--spring.application.name=orders",
                "--spring.profiles.active=prod",
                "--server.port=0",
                "--management.endpoint.health.show-details=always")) {
            JsonNode health = vortexHealth(app);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("details").path("state").asText()).isEqualTo("CONNECTED");
            assertThat(health.path("details").path("key").asText()).startsWith("orders:prod");
            assertThat(health.path("details").path("version").asText()).hasSizeGreaterThan(8);
            assertThat(health.path("details").path("fromCache").asBoolean()).isFalse();

            vortex.close();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode lost = vortexHealth(app);
                assertThat(lost.path("status").asText()).isEqualTo("UNKNOWN");
                assertThat(lost.path("details").path("state").asText()).isIn("DISCONNECTED", "CONNECTING");
            });
        } finally {
            vortex.close();
        }
    }
}
