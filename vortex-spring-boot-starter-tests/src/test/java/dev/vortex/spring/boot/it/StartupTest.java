package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vortex.client.VortexClient;
import dev.vortex.spring.boot.VortexConfigDataException;
import dev.vortex.spring.boot.VortexPropertySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Starting with the server down, as configured: fail, start without it, or start from the cache file. */
class StartupTest {
    @TempDir
    Path dir;

    @Test
    void optionalImport_withTheServerDown_starts_withoutVortex() throws Exception {
        try (ConfigurableApplicationContext app = OrdersApplication.run(
                "--spring.config.import=optional:vortex:" + VortexServer.unreachableUrl(),
                "--spring.application.name=orders")) {
            assertThat(app.getEnvironment().getPropertySources().stream())
                    .noneMatch(VortexPropertySource.class::isInstance);
            assertThat(app.getBeanNamesForType(VortexClient.class)).isEmpty();
        }
    }

    @Test
    void requiredImport_withTheServerDown_failsWithOneMessageNamingTheServer() throws Exception {
        String url = VortexServer.unreachableUrl();

        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=vortex:" + url, "--spring.application.name=orders"))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageStartingWith("Could not load configuration from Vortex vortex:" + url + " (orders:default:)")
                .hasMessageContaining("failing because the import is not optional");
    }

    @Test
    void failFast_failsEvenAnOptionalImport() throws Exception {
        String url = VortexServer.unreachableUrl();

        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=optional:vortex:" + url,
                        "--spring.application.name=orders",
                        "--spring.cloud.config.fail-fast=true"))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("failing because spring.cloud.config.fail-fast is set");
    }

    @Test
    void aStartThatFailsAfterTheImport_leavesNoConnectionOpen() throws Exception {
        try (VortexServer vortex = VortexServer.start(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: not-a-number\n");

            assertThatThrownBy(() -> OrdersApplication.run(
                            "--spring.config.import=vortex:" + vortex.url(), "--spring.application.name=orders"))
                    .hasStackTraceContaining("not-a-number");

            await().atMost(Duration.ofSeconds(20)).until(() -> vortex.activeConnections() == 0);
        }
    }

    @Test
    void malformedUrl_isRefusedByName() {
        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=vortex:ftp://config.example.com", "--spring.application.name=orders"))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("invalid Vortex URL 'ftp://config.example.com'");
    }

    @Test
    void severalUrls_theFirstThatAnswersIsUsed() throws Exception {
        try (VortexServer vortex = VortexServer.start(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: 7\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    "--spring.config.import=vortex:" + VortexServer.unreachableUrl() + ";" + vortex.url(),
                    "--spring.application.name=orders")) {
                assertThat(app.getBean(OrdersApplication.OrdersProperties.class)
                                .getMaxItems())
                        .isEqualTo(7);
            }
        }
    }

    @Test
    void bareImport_takesTheUrlsOfSpringCloudConfigUri() throws Exception {
        try (VortexServer vortex = VortexServer.start(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: 8\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    "--spring.config.import=vortex:",
                    "--spring.cloud.config.uri=" + VortexServer.unreachableUrl() + "," + vortex.url(),
                    "--spring.application.name=orders")) {
                assertThat(app.getBean(OrdersApplication.OrdersProperties.class)
                                .getMaxItems())
                        .isEqualTo(8);
            }
        }
    }

    @Test
    void cacheFile_startsTheApplicationFromTheLastKnownConfig_whenTheServerIsDown_andGoesLiveWhenItIsBack()
            throws Exception {
        Path cache = dir.resolve("cache/orders.json");
        Path repo = dir.resolve("repo");
        int port;
        try (VortexServer vortex = VortexServer.start(repo)) {
            port = vortex.port();
            vortex.write("orders.yml", "orders:\n  max-items: 42\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    "--spring.config.import=vortex:" + vortex.url(),
                    "--spring.application.name=orders",
                    "--vortex.cache-file=" + cache)) {
                assertThat(app.getBean(OrdersApplication.OrdersProperties.class)
                                .getMaxItems())
                        .isEqualTo(42);
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(cache));
            }
        }

        try (ConfigurableApplicationContext app = OrdersApplication.run(
                "--spring.config.import=vortex:http://127.0.0.1:" + port,
                "--spring.application.name=orders",
                "--vortex.cache-file=" + cache,
                "--vortex.reconnect.max-delay=1s")) {
            OrdersApplication.OrdersProperties properties = app.getBean(OrdersApplication.OrdersProperties.class);
            VortexClient client = app.getBean(VortexClient.class);
            assertThat(properties.getMaxItems()).isEqualTo(42);
            assertThat(client.isFromCache()).isTrue();

            Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 43\n");
            try (VortexServer back = VortexServer.start(port, repo)) {
                assertThat(back.port()).isEqualTo(port);
                await().atMost(Duration.ofSeconds(30)).until(() -> properties.getMaxItems() == 43);
                assertThat(client.isFromCache()).isFalse();
            }
        }
    }
}
