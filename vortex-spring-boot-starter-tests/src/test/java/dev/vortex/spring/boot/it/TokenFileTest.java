package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.compat.SecuredVortex;
import dev.vortex.spring.boot.VortexConfigDataException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code vortex.token-file} against the packaged server with JWT security: the token is read from the file at each
 * (re)connection, so when the server revokes the old token (its signing secret rotated) the push connection comes back
 * with the token the file holds now; a file gone by then fails the connection (health DOWN naming the file) while the
 * application runs on; a missing file at start, or the file together with {@code vortex.token}, fails the start.
 */
class TokenFileTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> ORDERS = List.of("orders:*:*");

    @TempDir
    Path dir;

    /** Replaces the token file at once, as the kubelet swaps a projected service-account token. */
    private static void writeToken(Path file, String token) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, token + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int status(VortexServer vortex, String token) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(vortex.url() + "/orders/default"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aRewrittenTokenFile_isWhatTheReconnectionPresents_whenTheServerRevokesTheOldToken() throws Exception {
        Path tokenFile = dir.resolve("token");
        String oldToken = SecuredVortex.jwt("svc-old", ORDERS, Duration.ofMinutes(10));
        writeToken(tokenFile, oldToken);
        try (VortexServer vortex = VortexServer.startSecured(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: 30\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    "--spring.config.import=vortex:" + vortex.url(),
                    "--spring.application.name=orders",
                    "--vortex.token-file=" + tokenFile)) {
                OrdersApplication.OrdersProperties properties =
                        app.getBean(OrdersApplication.OrdersProperties.class);
                assertThat(properties.getMaxItems()).isEqualTo(30);

                String newToken = SecuredVortex.rotatedJwt("svc-new", ORDERS, Duration.ofMinutes(10));
                writeToken(tokenFile, newToken);
                // The server closes the old token's connection (FORBIDDEN, 1008) once it has reloaded.
                vortex.rotateJwtSecret();
                assertThat(status(vortex, oldToken)).as("the old token is refused now").isEqualTo(401);
                assertThat(status(vortex, newToken)).isEqualTo(200);

                // Only a connection opened with the new token can bring this edit.
                vortex.write("orders.yml", "orders:\n  max-items: 31\n");
                await().atMost(Duration.ofSeconds(20)).until(() -> properties.getMaxItems() == 31);
            }
        }
    }

    @Test
    void aTokenFileGoneAtTheReconnection_failsTheConnection_namingTheFile_andTheApplicationRunsOn() throws Exception {
        Path tokenFile = dir.resolve("token");
        writeToken(tokenFile, SecuredVortex.jwt("svc-old", ORDERS, Duration.ofMinutes(10)));
        try (VortexServer vortex = VortexServer.startSecured(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: 40\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    WebApplicationType.SERVLET,
                    "--spring.config.import=vortex:" + vortex.url(),
                    "--spring.application.name=orders",
                    "--vortex.token-file=" + tokenFile,
                    "--server.port=0",
                    "--management.endpoint.health.show-details=always")) {
                assertThat(HealthTest.vortexHealth(app).path("status").asText()).isEqualTo("UP");

                Files.delete(tokenFile);
                vortex.rotateJwtSecret();

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> HealthTest.vortexHealth(app).path("status").asText().equals("DOWN"));
                JsonNode details = HealthTest.vortexHealth(app).path("details");
                assertThat(details.path("state").asText()).isEqualTo("FAILED");
                assertThat(details.path("failure").asText())
                        .contains(tokenFile.toString())
                        .contains("vortex.token-file")
                        .contains("1008");
                assertThat(app.isActive()).isTrue();
                assertThat(app.getBean(OrdersApplication.OrdersProperties.class).getMaxItems())
                        .as("the last configuration stays")
                        .isEqualTo(40);
            }
        }
    }

    @Test
    void aMissingTokenFileAtStart_orATokenToo_failsTheStart_namingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-token");
        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=vortex:" + VortexServer.unreachableUrl(),
                        "--spring.application.name=orders",
                        "--vortex.token-file=" + missing))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("vortex.token-file");
        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=vortex:" + VortexServer.unreachableUrl(),
                        "--spring.application.name=orders",
                        "--vortex.token=a-secret-token",
                        "--vortex.token-file=" + missing))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("both vortex.token and vortex.token-file")
                .hasMessageNotContaining("a-secret-token");
    }
}
